/**
 * One seed of one split: generate a world and its register, draw every class, screen each
 * supplier and score it. A supplier is flagged at band medium or high; a flagged positive is a
 * true positive only if its own group is among the matches (a hit on the wrong group is a false
 * alarm, not a find).
 */
import { compileRegister, screenSupplier, type Band } from '../../src/matching/index.js'
import { CaseContext, isWeakOnly, type EvalCase } from './case-context.js'
import { hardNegativeClasses, randomNegative, sharedValues } from './eval-negatives.js'
import { POSITIVE_CLASSES } from './eval-positives.js'
import { f1Of } from './public-sets.js'
import { loadPool, type Split } from './pools.js'
import { buildRegister } from './synthetic-render.js'
import { SyntheticWorld } from './synthetic-world.js'

const GROUPS = 1000
const PER_POSITIVE_CLASS = 40
const PER_HARD_CLASS = 40
const RANDOM_NEGATIVES = 600
/** A shared value counts as a trap only when this many unrelated groups hold it. */
const SHARED_BY_AT_LEAST = 5
const OWNERS = ['police_gmp', 'police_met', 'police_wmp', 'police_ps']

export interface Outcome {
  kind: string
  positive: boolean
  weakOnly: boolean
  hard: boolean
  band: Band
  flagged: boolean
  /** Positive and its own group among the matches. */
  trueLink: boolean
}

export interface SeedResult {
  split: Split
  seed: number
  outcomes: Outcome[]
  precision: number
  recall: number
  f1: number
  cleanFlagRate: number
  shape: string[]
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b
}

export function runSeed(split: Split, seed: number): SeedResult {
  const world = new SyntheticWorld(seed, loadPool(split))
  const r = world.random
  const groups = Array.from({ length: GROUPS }, (_, i) =>
    world.group(i, OWNERS[i % OWNERS.length] as string, { companies: 1 + r.int(3), people: 2 + r.int(4), addresses: r.chance(0.85) ? 1 : 2, contacts: true }),
  )
  const shared = sharedValues(groups, world, SHARED_BY_AT_LEAST)
  if (shared.offices.length === 0 || shared.switchboards.length === 0 || shared.providers.length === 0) {
    throw new Error(`${split} seed ${seed}: the register holds no shared office, switchboard or provider used by ${SHARED_BY_AT_LEAST} groups`)
  }
  const ctx = new CaseContext(world, groups)
  const hard = hardNegativeClasses(shared)
  // Classes take turns so that what they plant is spread over the register.
  for (let k = 0; k < Math.max(PER_POSITIVE_CLASS, PER_HARD_CLASS); k++) {
    if (k < PER_POSITIVE_CLASS) for (const draw of Object.values(POSITIVE_CLASSES)) draw(ctx)
    if (k < PER_HARD_CLASS) for (const draw of Object.values(hard)) draw(ctx)
  }
  for (let k = 0; k < RANDOM_NEGATIVES; k++) randomNegative(ctx)

  const input = buildRegister(groups, world.pool.flatWords.register)
  const register = compileRegister(input)
  const scope = { allowedOwners: new Set(OWNERS) }
  const outcomes = ctx.cases.map((c: EvalCase): Outcome => {
    const result = screenSupplier(register, c.supplier, scope)
    const flagged = result.band === 'medium' || result.band === 'high'
    const trueLink = c.positive && result.matches.some((m) => m.groupId === c.groupId)
    return { kind: c.kind, positive: c.positive, weakOnly: isWeakOnly(c), hard: c.kind.startsWith('hard_'), band: result.band, flagged, trueLink }
  })
  const tp = outcomes.filter((o) => o.flagged && o.trueLink).length
  const fp = outcomes.filter((o) => o.flagged && !o.trueLink).length
  const positives = outcomes.filter((o) => o.positive).length
  const unlinked = outcomes.filter((o) => !o.positive)
  const precision = ratio(tp, tp + fp)
  const recall = ratio(tp, positives)
  const people = input.entities.filter((e) => e.type === 'person')
  const shape = [
    `${register.size} entities in ${groups.length} groups: ${input.entities.filter((e) => e.type === 'company').length} companies, ${people.length} people ` +
      `(${people.filter((p) => !('dateOfBirth' in p)).length} without a date of birth), ${groups.filter((g) => g.group.aliases.length > 0).length} groups with an alias`,
    `shared offices (groups using each): ${[...shared.counts.offices.values()].join(', ')}; switchboards: ${[...shared.counts.boards.values()].join(', ')}; ` +
      `mailbox providers off every hand list: ${world.pool.mailboxProviders.map((p) => `${p} ${shared.counts.providers.get(p) ?? 0}`).join(', ')}`,
  ]
  return {
    split,
    seed,
    outcomes,
    precision,
    recall,
    f1: f1Of(precision, recall),
    cleanFlagRate: ratio(unlinked.filter((o) => o.flagged).length, unlinked.length),
    shape,
  }
}
