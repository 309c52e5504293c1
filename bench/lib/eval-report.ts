/**
 * Printing and summarising the seeds of one split: per class, per seed, the spread, and the
 * calibration of each band (how many results landed in it and what share were true links).
 */
import type { Band } from '../../src/matching/index.js'
import type { Outcome, SeedResult } from './eval-run.js'

export interface Spread {
  min: number
  median: number
  max: number
}

export interface BandCalibration {
  count: number
  trueLinks: number
  share: number
}

export interface SplitSummary {
  /** Each figure is its own worst seed: lowest precision, recall and F1, highest clean flag rate. */
  worst: { precision: number; recall: number; f1: number; cleanFlagRate: number }
  spread: { precision: Spread; recall: Spread; f1: Spread; cleanFlagRate: Spread }
  calibration: Record<Exclude<Band, 'none'>, BandCalibration>
  weakOnlyShare: number
  hardShare: number
}

const fmt = (x: number): string => x.toFixed(4)

function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  return { min: sorted[0] ?? 0, median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted[sorted.length - 1] ?? 0 }
}

const showSpread = (s: Spread): string => `${fmt(s.min)} / ${fmt(s.median)} / ${fmt(s.max)}`

function printClasses(seeds: readonly SeedResult[]): void {
  const kinds = [...new Set(seeds.flatMap((s) => s.outcomes.map((o) => o.kind)))]
  console.log('  class                          link      n  flagged  rate    per seed (recall of positives; flag rate of unlinked)')
  for (const kind of kinds) {
    const per = seeds.map((s) => s.outcomes.filter((o) => o.kind === kind))
    const all = per.flat()
    const first = all[0] as Outcome
    const rate = (os: readonly Outcome[]): number =>
      os.length === 0 ? 0 : os.filter((o) => (first.positive ? o.flagged && o.trueLink : o.flagged)).length / os.length
    const link = first.positive ? (first.weakOnly ? 'weak-only' : 'positive') : first.hard ? 'hard-neg' : 'random'
    const flagged = all.filter((o) => o.flagged).length
    console.log(
      `  ${kind.padEnd(30)} ${link.padEnd(9)} ${String(all.length).padStart(4)} ${String(flagged).padStart(8)}  ${fmt(rate(all))}  ${per.map((os) => rate(os).toFixed(3)).join(' ')}`,
    )
  }
}

function calibrationOf(seeds: readonly SeedResult[]): SplitSummary['calibration'] {
  const out = {} as SplitSummary['calibration']
  for (const band of ['low', 'medium', 'high'] as const) {
    const inBand = seeds.flatMap((s) => s.outcomes.filter((o) => o.band === band))
    const trueLinks = inBand.filter((o) => o.trueLink).length
    out[band] = { count: inBand.length, trueLinks, share: inBand.length === 0 ? 0 : trueLinks / inBand.length }
  }
  return out
}

export function summariseSplit(title: string, seeds: readonly SeedResult[]): SplitSummary {
  const first = seeds[0]
  console.log(`\n== ${title} ==`)
  if (first !== undefined) for (const line of first.shape) console.log(`  register (seed ${first.seed}): ${line}`)
  printClasses(seeds)
  const outcomes = seeds.flatMap((s) => s.outcomes)
  const positives = outcomes.filter((o) => o.positive)
  const unlinked = outcomes.filter((o) => !o.positive)
  const weakOnlyShare = positives.filter((o) => o.weakOnly).length / Math.max(1, positives.length)
  const hardShare = unlinked.filter((o) => o.hard).length / Math.max(1, unlinked.length)
  console.log(
    `  per seed: ${positives.length / seeds.length} linked (${(weakOnlyShare * 100).toFixed(0)} % through one weak field only), ` +
      `${unlinked.length / seeds.length} unlinked (${(hardShare * 100).toFixed(0)} % hard negatives)`,
  )
  for (const s of seeds) {
    console.log(
      `  seed ${String(s.seed).padEnd(5)} precision ${fmt(s.precision)}  recall ${fmt(s.recall)}  F1 ${fmt(s.f1)}  unlinked flagged ${fmt(s.cleanFlagRate)}`,
    )
  }
  const spread = {
    precision: spreadOf(seeds.map((s) => s.precision)),
    recall: spreadOf(seeds.map((s) => s.recall)),
    f1: spreadOf(seeds.map((s) => s.f1)),
    cleanFlagRate: spreadOf(seeds.map((s) => s.cleanFlagRate)),
  }
  const worst = { precision: spread.precision.min, recall: spread.recall.min, f1: spread.f1.min, cleanFlagRate: spread.cleanFlagRate.max }
  console.log(
    `  worst seed at band >= medium: precision ${fmt(worst.precision)}  recall ${fmt(worst.recall)}  F1 ${fmt(worst.f1)}  unlinked flagged ${fmt(worst.cleanFlagRate)}`,
  )
  console.log(
    `  spread (min / median / max): precision ${showSpread(spread.precision)}; recall ${showSpread(spread.recall)}; F1 ${showSpread(spread.f1)}; unlinked flagged ${showSpread(spread.cleanFlagRate)}`,
  )
  const calibration = calibrationOf(seeds)
  console.log('  calibration (all seeds): band   results  true links  share')
  for (const [band, c] of Object.entries(calibration)) {
    const perSeed = calibrationPerSeed(seeds, band as Exclude<Band, 'none'>)
    console.log(
      `                            ${band.padEnd(6)} ${String(c.count).padStart(7)} ${String(c.trueLinks).padStart(11)}  ${fmt(c.share)}  (per seed ${perSeed})`,
    )
  }
  return { worst, spread, calibration, weakOnlyShare, hardShare }
}

function calibrationPerSeed(seeds: readonly SeedResult[], band: Exclude<Band, 'none'>): string {
  return seeds
    .map((s) => {
      const inBand = s.outcomes.filter((o) => o.band === band)
      return inBand.length === 0 ? '-' : (inBand.filter((o) => o.trueLink).length / inBand.length).toFixed(3)
    })
    .join(' ')
}
