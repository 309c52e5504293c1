// `npm run eval`: matching quality on labelled data (docs/design.md §4, issue 10 point 5). Read
// bench/README.md for what every figure means.
//  1. Synthetic register and suppliers, two splits with disjoint word pools
//     (bench/data/pools): dev (seeds 1-3, for tuning) and test (seeds 9001-9003, frozen, never
//     tuned on). Each seed: 1,000 groups, every class of bench/lib/eval-positives.ts and
//     eval-negatives.ts. Reported per class, per seed, worst seed and spread, and per band.
//  2. Public pair sets, untuned, pairwise at the default threshold: FEBRL 4a/4b, the nomenklatura
//     name bench, company_name_matcher's company pairs, yente's positives and negatives.
// The last line is one JSON object for tools.
import { summariseSplit, type SplitSummary } from './lib/eval-report.js'
import { runSeed } from './lib/eval-run.js'
import { assertDisjointPools, assertMatcherIndependent } from './lib/pool-checks.js'
import { loadPool } from './lib/pools.js'
import { evaluateCompanyPairs, evaluateFebrl, evaluateNameBench, evaluateYente } from './lib/public-sets.js'

const DEV_SEEDS = [1, 2, 3]
/** Frozen: changing these (or test.json) to move a figure defeats the split. */
const TEST_SEEDS = [9001, 9002, 9003]

assertDisjointPools(loadPool('dev'), loadPool('test'))
assertMatcherIndependent()
const started = performance.now()
const dev = summariseSplit(
  `dev split (bench/data/pools/dev.json, seeds ${DEV_SEEDS.join(', ')}): for tuning`,
  DEV_SEEDS.map((s) => runSeed('dev', s)),
)
const test = summariseSplit(
  `TEST split (bench/data/pools/test.json, seeds ${TEST_SEEDS.join(', ')}): frozen, never tuned on`,
  TEST_SEEDS.map((s) => runSeed('test', s)),
)
console.log('\n== public sets (never used by the matcher, never tuned on) ==')
const febrl = evaluateFebrl()
const names = evaluateNameBench()
const companies = evaluateCompanyPairs()
const yente = evaluateYente()
console.log(`eval finished in ${((performance.now() - started) / 1000).toFixed(1)} s`)

const round = (x: number): number => Math.round(x * 10000) / 10000
const bandShares = (prefix: string, s: SplitSummary): Record<string, number> => ({
  [`${prefix}HighPrecision`]: round(s.calibration.high.share),
  [`${prefix}HighCount`]: s.calibration.high.count,
  [`${prefix}MediumPrecision`]: round(s.calibration.medium.share),
  [`${prefix}MediumCount`]: s.calibration.medium.count,
  [`${prefix}LowPrecision`]: round(s.calibration.low.share),
  [`${prefix}LowCount`]: s.calibration.low.count,
})
console.log(
  JSON.stringify({
    precision: round(dev.worst.precision),
    recall: round(dev.worst.recall),
    f1: round(dev.worst.f1),
    testPrecision: round(test.worst.precision),
    testRecall: round(test.worst.recall),
    testF1: round(test.worst.f1),
    cleanFlagRate: round(test.worst.cleanFlagRate),
    febrlF1: round(febrl.f1),
    nameBenchPrecision: round(names.precision),
    nameBenchRecall: round(names.recall),
    companyPairsPrecision: round(companies.precision),
    companyPairsRecall: round(companies.recall),
    yentePrecision: round(yente.precision),
    yenteRecall: round(yente.recall),
    testPrecisionMedian: round(test.spread.precision.median),
    testRecallMedian: round(test.spread.recall.median),
    ...bandShares('test', test),
    ...bandShares('dev', dev),
    devCleanFlagRate: round(dev.worst.cleanFlagRate),
    testWeakOnlyShare: round(test.weakOnlyShare),
    testHardNegativeShare: round(test.hardShare),
  }),
)
