import { setImmediate as nextTurn } from 'node:timers/promises'
import t from 'tap'
import { compileRegister, screenSupplier } from '../../src/matching/index.js'
import { RegisterCompiler } from '../../src/register/register-compiler.js'
import { emptyRegisterPart, type RegisterPart } from '../../src/register/register-loader.js'

// Two forces' parts, each group with a company at one address: enough entities for many slices.
function part(force: string, groups: number): RegisterPart {
  const part: RegisterPart = emptyRegisterPart()
  for (let g = 0; g < groups; g++) {
    const groupId = `${force}-g${g}`
    part.groups.push({ id: groupId, ref: `ref-${g}`, ownerOrgId: force, name: `Group ${force} ${g}`, aliases: [], riskLevel: 'high', handling: 'official' })
    part.entities.push({
      id: `${groupId}-c`,
      groupId,
      type: 'company',
      name: `Quarrington ${g} Haulage Limited`,
      companyNumber: String(10_000_000 + g).padStart(8, '0'),
      addresses: [{ lines: [`${g + 1} Mill Lane`], town: 'Wigan', postcode: 'WN1 1AA' }],
    })
    part.entities.push({ id: `${groupId}-p`, groupId, type: 'person', name: `Ambrose Fairweather${g}`, dateOfBirth: '1971-03-04' })
  }
  return part
}

t.test('a large register compiles in slices, with the event loop free between them, to what compileRegister gives', async (t) => {
  const parts = new Map([
    ['gmp', part('police_gmp', 3_000)],
    ['met', part('police_met', 1_000)],
  ])
  const compiler = new RegisterCompiler()
  let turns = 0
  let compiling = true
  const counting = (async () => {
    while (compiling) {
      await nextTurn()
      turns++
    }
  })()
  const { compiled, timings } = await compiler.compile(7, parts)
  compiling = false
  await counting
  t.ok(turns > 1, `other work ran between slices (${turns} turns)`)
  t.ok(timings.compileWorkMs <= timings.compileMs, 'time in slices is within the compile')

  const whole = compileRegister({
    version: 7,
    groups: [...parts.values()].flatMap((p) => p.groups),
    entities: [...parts.values()].flatMap((p) => [...p.entities]),
  })
  t.equal(compiled.version, 7)
  t.equal(compiled.size, whole.size, 'the same entities')
  const supplier = { name: 'Quarrington 2041 Haulage Ltd', companyNumber: '10002041' }
  const scope = { allowedOwners: new Set(['police_gmp', 'police_met']) }
  t.same(screenSupplier(compiled, supplier, scope), screenSupplier(whole, supplier, scope), 'screens the same as the register compiled at once')
  t.equal(screenSupplier(compiled, supplier, scope).band, 'high', 'and finds the listed company')
  await compiler.close()
})

t.test('a compile under way when the process stops fails at its next slice; later compiles are refused', async (t) => {
  const compiler = new RegisterCompiler()
  const running = compiler.compile(1, new Map([['gmp', part('police_gmp', 4_000)]]))
  const closing = compiler.close()
  await t.rejects(running, /process is stopping/)
  await closing
  await t.rejects(compiler.compile(2, new Map()), /process is stopping/)
})
