// The register search index: its word rules as tables, and one index per register version.
import t from 'tap'
import { compileRegister } from '../../src/matching/index.js'
import { emptyRegisterPart } from '../../src/register/register-loader.js'
import { identifierKeysOf, RegisterSearchIndexCache, searchWords, withinOneEdit } from '../../src/register/search/register-search-index.js'

t.test('searchWords folds case, accents, other scripts, apostrophes and invisible characters', async (t) => {
  const cases: [string, string[]][] = [
    ["Danny O'Connor", ['danny', 'oconnor']],
    ['DANNY O’CONNOR', ['danny', 'oconnor']],
    ['Dánny Ó\u200BConnor', ['danny', 'oconnor']],
    ['Nor\u00ADthern  Paving & Co.', ['northern', 'paving', 'and', 'co']],
    ['Müller Brüder', ['muller', 'bruder']],
    ['Владимир Путин', ['vladimir', 'putin']],
    ['ｆｕｌｌｗｉｄｔｈ', ['fullwidth']],
    ['accounts@northernpaving.example', ['accounts', 'northernpaving', 'example']],
    ['!!', []],
  ]
  for (const [text, words] of cases) t.same(searchWords(text), words, JSON.stringify(text))
})

t.test('withinOneEdit: one insertion, deletion, substitution or swap of neighbours, and no more', async (t) => {
  const cases: [string, string, boolean][] = [
    ['street', 'stret', true],
    ['stret', 'street', true],
    ['connor', 'conor', true],
    ['smith', 'smyth', true],
    ['smith', 'smiht', true],
    ['smith', 'msith', true],
    ['smith', 'smiths', true],
    ['smith', 'xsmith', true],
    ['smith', 'smith', false],
    ['smith', 'smythe', false],
    ['smith', 'mstih', false],
    ['daniel', 'danny', false],
    ['abcd', 'ab', false],
  ]
  for (const [a, b, expected] of cases) t.equal(withinOneEdit(a, b), expected, `${a} ~ ${b}`)
})

t.test('a query that is an identifier is looked up by the canonical key the register value has', async (t) => {
  const keysOf = (q: string) => identifierKeysOf(q).map((k) => k.key)
  t.same(keysOf('+44 161 496 0000'), ['tel:+441614960000'])
  t.match(keysOf('Accounts@NorthernPaving.example'), ['email:accounts@northernpaving.example'])
  t.match(keysOf('www.northernpaving.example'), ['web:northernpaving.example', 'maildomain:northernpaving.example'])
  t.match(keysOf('m54xj'), ['pc:M5 4XJ'])
  t.match(keysOf('sc 123456'), ['cn:SC123456'])
  t.same(keysOf("Danny O'Connor"), [])
})

// A version as the register cache holds it: compiled, and its watchlists' parts with their entities packed.
const register = (version: number) => {
  const part = emptyRegisterPart()
  part.groups.push({ id: 'grp_1', ref: 'GMP-1', name: 'Canal crew', aliases: [], riskLevel: 'high', handling: 'Refer', ownerOrgId: 'gmp' })
  part.entities.push({ id: 'ent_1', groupId: 'grp_1', type: 'person', name: "Danny O'Connor" })
  return { version, compiled: compileRegister({ version, groups: part.groups, entities: part.entities }), parts: new Map([['wl_1', part]]) }
}

t.test('the index is built once per register version, and again for a new one', async (t) => {
  const cache = new RegisterSearchIndexCache()
  const one = register(1)
  const first = cache.indexOf(one)
  t.equal(cache.indexOf(one), first, 'a second search of the version shares its index')
  t.equal((await first).version, 1)
  const two = register(2)
  const second = await cache.indexOf(two)
  t.equal(second.version, 2, 'a new version has its own index')
  t.not(await cache.indexOf(one), await first, 'an older version is built afresh rather than replacing the newer')
  t.equal(await cache.indexOf(two), second, 'and the newer stays')
  t.same(
    second.candidates(['oconnor'], { forces: new Set(['gmp']) }).map((c) => second.records[c.record]!.value),
    ["Danny O'Connor"],
  )
  t.same(second.candidates(['oconnor'], { forces: new Set(['met']) }), [], "another force's records are never candidates")
})
