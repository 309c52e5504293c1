import t from 'tap'
import { editDistance, letterSet, minEdits } from '../../src/matching/text/edit-distance.js'
import { foldText } from '../../src/matching/text/fold.js'
import { jaroWinkler } from '../../src/matching/text/jaro-winkler.js'

t.test('folding lower-cases, strips diacritics, transliterates and turns punctuation into spaces', async (t) => {
  const cases: [string, string][] = [
    ['Northern Paving Solutions Ltd', 'northern paving solutions ltd'],
    ['  Smith   &  Sons  ', 'smith and sons'],
    ["O'Connor", 'oconnor'],
    ['O’Connor', 'oconnor'],
    ['Kassym-Jomart', 'kassym jomart'],
    ['Aleksandar Vučić', 'aleksandar vucic'],
    ['Zoë Ångström', 'zoe angstrom'],
    ['Владимир Путин', 'vladimir putin'],
    ['Straße', 'strasse'],
    ['ＡＢＣ Ｌｔｄ', 'abc ltd'],
    ['Smith+Jones', 'smith and jones'],
    ['a\u0000b\u0007c', 'a b c'],
    ['x\uD800y', 'x y'],
    ['\u200BHidden\u200F', 'hidden'],
    ['', ''],
    ['!!!', ''],
  ]
  for (const [raw, expected] of cases) t.equal(foldText(raw), expected, JSON.stringify(raw))
})

t.test('dotted initialisms join for company names only', async (t) => {
  const cases: [string, boolean, string][] = [
    ['P.L.C.', true, 'plc'],
    ['S.A.', true, 'sa'],
    ['J.P. Morgan', true, 'jp morgan'],
    ['J.P. Morgan', false, 'j p morgan'],
    ['Sp. z o.o.', true, 'sp z oo'],
  ]
  for (const [raw, join, expected] of cases) t.equal(foldText(raw, { joinDottedInitials: join }), expected, raw)
})

t.test('syllabic scripts keep one character per token when asked', async (t) => {
  t.equal(foldText('高市早苗', { keepSyllabic: true }), '高 市 早 苗')
  t.equal(foldText('김정은', { keepSyllabic: true }), '김 정 은')
  t.equal(foldText('习近平'), 'xi jin ping')
})

t.test('edit distance counts insertions, deletions, substitutions and adjacent transpositions', async (t) => {
  const cases: [string, string, number][] = [
    ['scholz', 'scholz', 0],
    ['scholz', 'scholze', 1],
    ['smith', 'smyth', 1],
    ['smith', 'msith', 1],
    ['mohammed', 'muhammad', 2],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
  ]
  for (const [a, b, d] of cases) t.equal(editDistance(a, b), d, `${a}/${b}`)
  t.equal(editDistance('abcdefgh', 'zzzzzzzz', 2), 3, 'stops early once over the limit')
})

t.test('edit distance under a limit is exact within it and limit + 1 beyond it', async (t) => {
  const cases: [string, string, number, number][] = [
    ['mohammed', 'muhammad', 2, 2],
    ['mohammed', 'muhammad', 1, 2],
    ['scholz', 'scholze', 1, 1],
    ['smith', 'msith', 1, 1],
    ['kitten', 'sitting', 3, 3],
    ['kitten', 'sitting', 2, 3],
    ['abcdef', 'fedcba', 2, 3],
    ['ab', 'abcd', 1, 2],
    ['', 'ab', 2, 2],
    ['abcdefgh', 'abcdefhg', 0, 1],
  ]
  for (const [a, b, limit, d] of cases) t.equal(editDistance(a, b, limit), d, `${a}/${b} within ${limit}`)
})

t.test('the letter-set bound never exceeds the edit distance, and rules out unlike words', async (t) => {
  const bound = (a: string, b: string) => minEdits(letterSet(a), letterSet(b))
  t.equal(bound('smith', 'smith'), 0)
  t.equal(bound('smith', 'smtih'), 0, 'a transposition changes no letter')
  t.equal(bound('smith', 'smyth'), 1)
  t.equal(bound('jonsson', 'jonson'), 0, 'a dropped repeated letter leaves the set as it was')
  t.equal(bound('kowalski', 'nguyen'), 7, 'k, o, w, a, l, s, i: seven letters that nguyen lacks')
  // Every pair from a list of near and far names: the bound is a lower bound.
  const words = [
    'smith',
    'smyth',
    'smithe',
    'schmidt',
    'jonson',
    'johnson',
    'jansen',
    'aaa',
    'bbb',
    'abab',
    'baba',
    'o',
    'okafor',
    'okafo',
    'ofakor',
    'x1',
    'x2',
  ]
  for (const a of words) for (const b of words) t.ok(bound(a, b) <= editDistance(a, b), `${a}/${b}: bound ${bound(a, b)} ≤ distance ${editDistance(a, b)}`)
})

t.test('Jaro-Winkler rewards shared prefixes', async (t) => {
  const cases: [string, string, number, number][] = [
    ['martha', 'marhta', 0.96, 0.97],
    ['dwayne', 'duane', 0.83, 0.85],
    ['dixon', 'dicksonx', 0.81, 0.82],
    ['abc', 'abc', 1, 1],
    ['abc', 'xyz', 0, 0],
  ]
  for (const [a, b, lo, hi] of cases) {
    const s = jaroWinkler(a, b)
    t.ok(s >= lo && s <= hi, `${a}/${b} = ${s.toFixed(3)}`)
  }
})
