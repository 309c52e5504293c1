import t from 'tap'
import { compareNames, defaultMatchingOptions } from '../../src/matching/index.js'
import { parseCompanyName } from '../../src/matching/normalise/company-name.js'
import { parsePersonName } from '../../src/matching/normalise/person-name.js'
import { scoreCompanyNames } from '../../src/matching/score/company-name-score.js'
import { scorePersonNames } from '../../src/matching/score/person-name-score.js'
import { NICKNAME_CANONICALS, NICKNAME_COGNATES } from '../../src/matching/reference-data.js'
import type { WordFrequencies } from '../../src/matching/score/token-weights.js'

const threshold = defaultMatchingOptions.minMatchScore
const options = defaultMatchingOptions

function person(a: string, b: string): { score: number; detail: string } {
  const s = scorePersonNames(parsePersonName(a, 12), parsePersonName(b, 12), options)
  return { score: s.score, detail: s.describe() }
}

/**
 * Word frequencies of a UK register of 2,000 company names in which trade and generic words are
 * common (as they are in the register: "Roofing", "Builders", "Paving") and the rest are rare.
 * Screening weighs words by these; compareNames, with no register, cannot know "Roofing" is common.
 */
const register: WordFrequencies = {
  total: 2000,
  counts: new Map(Object.entries({ roofing: 60, builders: 50, paving: 45, scaffolding: 40, service: 200, solution: 120, northern: 8 })),
}

function company(a: string, b: string, frequencies: WordFrequencies | undefined = register): { score: number; detail: string } {
  const s = scoreCompanyNames(parseCompanyName(a, 12), parseCompanyName(b, 12), frequencies, options)
  return { score: s.score, detail: s.describe() }
}

t.test('a surname with no counterpart is a conflict, not a missing middle name (hard negatives)', async (t) => {
  const cases: [string, string, string][] = [
    ['Peter James', 'Peter James Morgan', 'surname morgan has no counterpart'],
    ['Peter James Morgan', 'Peter James', 'surname morgan has no counterpart'],
    ['Sarah Louise', 'Sarah Louise Kelly', 'surname kelly has no counterpart'],
    ['Mark Anthony', 'Mark Anthony Doyle', 'surname doyle has no counterpart'],
    ['J. James', 'John James Morgan', 'surname morgan has no counterpart'],
    ['Peter J. Morgan', 'Peter James', 'surname morgan has no counterpart'],
  ]
  for (const [a, b, words] of cases) {
    const { score, detail } = person(a, b)
    t.ok(score < threshold, `${a} ≠ ${b} (${score.toFixed(2)})`)
    t.match(detail, words, `${a} / ${b}: the reason says so`)
  }
})

t.test('a missing middle name, surname-first order and initials still match', async (t) => {
  const cases: [string, string][] = [
    ["Daniel O'Connor", "Daniel James O'Connor"],
    ['John Smith', 'John Paul Smith'],
    ['Peter James Morgan', 'Peter Morgan'],
    ['Catherine Zeta Jones', 'Catherine Jones'],
    ['SMITH John', 'John Smith'],
    ['SMITH John Paul', 'John Smith'],
    ['SMITH, John Paul', 'John Smith'],
    ['J. Smith', 'John Smith'],
    ['J. P. Smith', 'John Paul Smith'],
    // Longer names are chains (nasab, double surnames) whose tail lists drop.
    ['Dost Mohammad Khan Haqqani', 'Dost Mohammad'],
    // A legal form in a person's name is not a surname.
    ['Nicolás Maduro LLC', 'Nicolás Maduro'],
  ]
  for (const [a, b] of cases) {
    const { score, detail } = person(a, b)
    t.ok(score >= threshold, `${a} ≈ ${b} (${score.toFixed(2)})`)
    t.notMatch(detail, 'surname', `${a} / ${b}: no surname conflict`)
  }
})

t.test('diminutives score as nicknames; loose cognates are related names below the threshold', async (t) => {
  const nicknames: [string, string, string][] = [
    ['Danny Smith', 'Daniel Smith', 'nickname danny ↔ daniel'],
    ['Bill Turner', 'William Turner', 'nickname bill ↔ william'],
    ['Peggy Hughes', 'Margaret Hughes', 'nickname peggy ↔ margaret'],
    ['Bob Smith', 'Robert Smith', 'nickname bob ↔ robert'],
    ['Jack Smith', 'John Smith', 'nickname jack ↔ john'],
    ['Polly Jones', 'Mary Jones', 'nickname polly ↔ mary'],
  ]
  for (const [a, b, words] of nicknames) {
    const { score, detail } = person(a, b)
    t.ok(score >= threshold, `${a} ≈ ${b} (${score.toFixed(2)})`)
    t.match(detail, words, `${a} / ${b}: ${words}`)
  }
  const cognates: [string, string, string][] = [
    ['Ian Smith', 'John Smith', 'related name ian ↔ john'],
    ['Ivan Petrov', 'John Petrov', 'related name ivan ↔ john'],
    ['Bill Smith', 'Robert Smith', 'related name bill ↔ robert'],
    ['Ian Smith', 'Jack Smith', 'related name ian ↔ jack'],
  ]
  for (const [a, b, words] of cognates) {
    const { score, detail } = person(a, b)
    t.ok(score < threshold, `${a} ≠ ${b} on the name alone (${score.toFixed(2)})`)
    t.ok(score > person(a, 'Zebedee Smith').score, `${a} / ${b}: still closer than an unrelated name`)
    t.match(detail, words, `${a} / ${b}: ${words}`)
  }
})

t.test('the nickname table marks which links are only cognates, from the data', async (t) => {
  const cases: [string, string[], string[]][] = [
    ['ian', ['john'], []],
    ['bill', ['robert'], ['william']],
    ['danny', [], ['daniel']],
    ['peggy', [], ['margaret']],
    ['jack', [], ['john']],
  ]
  for (const [name, cognate, diminutive] of cases) {
    const canonicals = NICKNAME_CANONICALS.get(name) ?? []
    const loose = NICKNAME_COGNATES.get(name) ?? []
    for (const c of cognate) t.ok(canonicals.includes(c) && loose.includes(c), `${name} is a cognate of ${c}`)
    for (const c of diminutive) t.ok(canonicals.includes(c) && !loose.includes(c), `${name} is a diminutive of ${c}`)
  }
})

t.test('a distinctive company word on one side only lowers the score by its weight (hard negatives)', async (t) => {
  const cases: [string, string][] = [
    ['Pennine Valley Roofing', 'Pennine Roofing'],
    ['Northern Star Paving', 'Northern Paving'],
    ['Harbour Lane Scaffolding Ltd', 'Harbour Scaffolding Ltd'],
    ['Crown Scaffolding', 'Crown Harbour Scaffolding'],
  ]
  for (const [a, b] of cases) {
    for (const [label, frequencies] of [
      ['register', register],
      ['no register', undefined],
    ] as const) {
      const { score } = company(a, b, frequencies)
      t.ok(score < threshold, `${a} ≠ ${b} with ${label} (${score.toFixed(2)})`)
    }
  }
})

t.test('legal form, case, punctuation, word order, generic words and brackets do not lower a company name much', async (t) => {
  const strong: [string, string][] = [
    ['Northern Paving Solutions Ltd', 'NORTHERN PAVING SOLUTIONS LIMITED'],
    ['Northern Paving Solutions Ltd', 'Paving Solutions Northern Ltd'],
    ['Northern Paving Solutions Ltd', 'Northern Paving Solutions Ltd.'],
    ['Smith & Sons Building Ltd', 'Smith and Sons Building Limited'],
    ['K&M Roofing Ltd', 'K & M Roofing Limited'],
  ]
  for (const [a, b] of strong) {
    t.ok(compareNames(a, b, 'company') >= 0.9, `${a} ≈ ${b} (${compareNames(a, b, 'company').toFixed(2)})`)
    t.ok(company(a, b).score >= 0.9, `${a} ≈ ${b} with register (${company(a, b).score.toFixed(2)})`)
  }
  const generic: [string, string][] = [
    ['Northern Paving Solutions Ltd', 'Northern Paving Ltd'],
    ['Pennine Roofing Services Ltd', 'Pennine Roofing Ltd'],
    ['Acme Construction Services Group', 'Acme Construction'],
    ['Northern Paving (UK) Ltd', 'Northern Paving Ltd'],
    ['Deutsche Bank (Schweiz) AG', 'Deutsche Bank AG'],
    ['SRL Pro Traffic', 'Pro Traffic SRL'],
  ]
  for (const [a, b] of generic) {
    t.ok(compareNames(a, b, 'company') >= threshold, `${a} ≈ ${b} (${compareNames(a, b, 'company').toFixed(2)})`)
    t.ok(company(a, b).score >= threshold, `${a} ≈ ${b} with register (${company(a, b).score.toFixed(2)})`)
  }
})

t.test('initials stand for company words only when a distinctive word agrees too', async (t) => {
  const negatives: [string, string][] = [
    ['K & M Roofing', 'Kelly & Moss Roofing'],
    ['K & M Roofing', 'Kent & Medway Roofing'],
    ['Kelly & Moss Roofing Ltd', 'K & M Roofing Ltd'],
    ['J & K Builders', 'James & Kevin Builders'],
  ]
  for (const [a, b] of negatives) {
    const { score, detail } = company(a, b)
    t.ok(score < threshold, `${a} ≠ ${b} (${score.toFixed(2)})`)
    t.notMatch(detail, 'initial', `${a} / ${b}: no initial paired`)
  }
  const positives: [string, string][] = [
    ['J & K Morrison Builders', 'James & Kevin Morrison Builders'],
    ['J Hartley Scaffolding', 'John Hartley Scaffolding'],
  ]
  for (const [a, b] of positives) {
    const { score, detail } = company(a, b)
    t.ok(score >= threshold, `${a} ≈ ${b} (${score.toFixed(2)})`)
    t.match(detail, 'initial', `${a} / ${b}: initials paired`)
  }
})
