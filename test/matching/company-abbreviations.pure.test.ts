import t from 'tap'
import { defaultMatchingOptions } from '../../src/matching/index.js'
import { parseCompanyName } from '../../src/matching/normalise/company-name.js'
import { scoreCompanyNames } from '../../src/matching/score/company-name-score.js'
import type { WordFrequencies } from '../../src/matching/score/token-weights.js'

const threshold = defaultMatchingOptions.minMatchScore

/** A register of 2,000 names in which trade and generic words are common and the rest rare. */
const register: WordFrequencies = {
  total: 2000,
  counts: new Map(Object.entries({ roofing: 60, builders: 50, maintenance: 40, waste: 30, mechanical: 20, associates: 25, distribution: 15, service: 200 })),
}

function company(a: string, b: string): { score: number; detail: string } {
  const s = scoreCompanyNames(parseCompanyName(a, 12), parseCompanyName(b, 12), register, defaultMatchingOptions)
  return { score: s.score, detail: s.describe() }
}

t.test('a company word written short in a way no table lists agrees with the word, below an exact word', async (t) => {
  // Words chosen off the abbreviation table: the rule, not the table, pairs them.
  const positives: [string, string][] = [
    ['Quorvane Mechl Roofing Ltd', 'Quorvane Mechanical Roofing Ltd'],
    ['Velzeboer Waste Mgt & Bldg Contrs Ltd', 'Velzeboer Waste Management & Building Contractors Ltd'],
    ['Harlow Distbn Ltd', 'Harlow Distribution Ltd'],
    ['Tarrant Assocs Ltd', 'Tarrant Associates Ltd'],
    ['Tarrant Associates Ltd', 'Tarrant Assocs Ltd'],
  ]
  for (const [a, b] of positives) {
    const { score, detail } = company(a, b)
    t.ok(score >= threshold, `${a} ≈ ${b} (${score.toFixed(2)})`)
    t.ok(score < 1 || !detail.includes('abbreviates'), `${a} / ${b}: a rule's abbreviation scores below an exact word (${detail})`)
  }
  t.match(company('Quorvane Mechl Roofing Ltd', 'Quorvane Mechanical Roofing Ltd').detail, 'mechl abbreviates mechanical')
})

t.test('an abbreviation leans on an agreeing distinctive word, as initials do (hard negatives)', async (t) => {
  const negatives: [string, string][] = [
    ['Brent Roofing Ltd', 'Brentwood Roofing Ltd'],
    ['Castle Roofing Ltd', 'Castlegate Roofing Ltd'],
    ['Mechl Roofing Ltd', 'Mechanical Roofing Ltd'],
  ]
  for (const [a, b] of negatives) {
    const { score, detail } = company(a, b)
    t.ok(score < threshold, `${a} ≠ ${b} (${score.toFixed(2)}: ${detail})`)
  }
})
