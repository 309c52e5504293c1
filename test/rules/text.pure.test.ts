import t from 'tap'
import {
  BIDI_CONTROL_CLASS,
  C0_C1_CONTROL_CLASS,
  C0_C1_CONTROL_EXCEPT_LINE_BREAKS_CLASS,
  CONTROL_CHARACTER,
  LINE_SEPARATOR_CLASS,
  NONCHARACTER_CLASS,
  SURROGATE_CLASS,
  decodeUtf8,
  refusedCharacter,
  type RefusedCharacter,
} from '../../src/rules/text.js'
import { safeMultilineText, safeText } from '../../src/rules/schemas.js'
import { foldText } from '../../src/matching/text/fold.js'
import { parseJsonWatchlist } from '../../src/register/parse-json-watchlist.js'
import { group, json, person } from '../helpers/upload-error-cases.js'

// [name, character, refused on one line, refused on several lines]
const CHARACTERS: [string, string, RefusedCharacter | null, RefusedCharacter | null][] = [
  ['NUL', '\u0000', 'control', 'control'],
  ['bell', '\u0007', 'control', 'control'],
  ['tab', '\t', 'control', null],
  ['line feed', '\n', 'control', null],
  ['carriage return', '\r', 'control', null],
  ['vertical tab', '\u000B', 'control', 'control'],
  ['escape', '\u001B', 'control', 'control'],
  ['delete', '\u007F', 'control', 'control'],
  ['C1 next line', '\u0085', 'control', 'control'],
  ['C1 single-shift', '\u008F', 'control', 'control'],
  ['line separator', '\u2028', 'control', 'control'],
  ['paragraph separator', '\u2029', 'control', 'control'],
  ['left-to-right embedding', '\u202A', 'bidi', 'bidi'],
  ['right-to-left override', '\u202E', 'bidi', 'bidi'],
  ['left-to-right isolate', '\u2066', 'bidi', 'bidi'],
  ['pop directional isolate', '\u2069', 'bidi', 'bidi'],
  ['lone high surrogate', '\uD800', 'lone_surrogate', 'lone_surrogate'],
  ['lone low surrogate', '\uDFFF', 'lone_surrogate', 'lone_surrogate'],
  ['noncharacter U+FDD0', '\uFDD0', 'noncharacter', 'noncharacter'],
  ['noncharacter U+FFFE (a byte-swapped BOM)', '\uFFFE', 'noncharacter', 'noncharacter'],
  ['noncharacter U+FFFF', '\uFFFF', 'noncharacter', 'noncharacter'],
  ['noncharacter U+1FFFE', '\u{1FFFE}', 'noncharacter', 'noncharacter'],
  ['noncharacter U+10FFFF', '\u{10FFFF}', 'noncharacter', 'noncharacter'],
  // Kept as sent; matching ignores them.
  ['zero-width space', '\u200B', null, null],
  ['zero-width non-joiner', '\u200C', null, null],
  ['zero-width joiner', '\u200D', null, null],
  ['left-to-right mark', '\u200E', null, null],
  ['right-to-left mark', '\u200F', null, null],
  ['word joiner', '\u2060', null, null],
  ['invisible plus', '\u2064', null, null],
  ['byte order mark', '\uFEFF', null, null],
  ['soft hyphen', '\u00AD', null, null],
  ['Hangul filler', '\u3164', null, null],
  ['variation selector 16', '\uFE0F', null, null],
  // Ordinary text.
  ['no-break space', '\u00A0', null, null],
  ['e acute', 'é', null, null],
  ['Cyrillic', 'Д', null, null],
  ['Han', '丹', null, null],
  ['emoji (a surrogate pair)', '\u{1F6A9}', null, null],
]

t.test('each character is refused or kept by the one text rule, on one line and on several', async (t) => {
  for (const [name, ch, oneLine, severalLines] of CHARACTERS) {
    t.equal(refusedCharacter(`Canal${ch}Crew`), oneLine, `${name}: one line`)
    t.equal(refusedCharacter(`Canal${ch}Crew`, { multiline: true }), severalLines, `${name}: several lines`)
  }
  t.equal(refusedCharacter('Northern Paving Ltd'), null, 'printable ASCII')
  t.equal(refusedCharacter(''), null, 'empty')
})

t.test('the zod helpers apply the same rule, trim and bound the length', async (t) => {
  const oneLine = safeText({ max: 10 })
  const severalLines = safeMultilineText({ max: 40 })
  for (const [name, ch, refusedOnOneLine, refusedOnSeveral] of CHARACTERS) {
    t.equal(oneLine.safeParse(`a${ch}b`).success, refusedOnOneLine === null, `${name}: safeText`)
    t.equal(severalLines.safeParse(`a${ch}b`).success, refusedOnSeveral === null, `${name}: safeMultilineText`)
  }
  t.same(oneLine.safeParse('  Acme  ').data, 'Acme', 'trimmed')
  t.notOk(oneLine.safeParse('   ').success, 'blank is not a value')
  t.notOk(oneLine.safeParse('x'.repeat(11)).success, 'too long')
  t.ok(safeText({ max: 10, min: 0 }).safeParse('').success, 'min 0 allows empty')
  const issue = oneLine.safeParse('A\u202EB').error?.issues[0]
  t.match(issue?.message, /direction/, 'the message says what is wrong')
  t.notMatch(issue?.message, /A.B/, 'and does not echo the value')
})

t.test('the register refuses what the API refuses, naming the field', async (t) => {
  // JSON, because only a JSON escape (`\uD800`) can carry a lone surrogate into an upload.
  for (const [name, ch, oneLine, severalLines] of CHARACTERS) {
    const result = await parseJsonWatchlist(json([group([person({ name: `Dan${ch}ny` })], { notes: `Seen${ch}twice` })]), { today: new Date('2026-06-01') })
    const paths = result.ok ? [] : result.errors.map((e) => e.path)
    const expected = [...(severalLines === null ? [] : ['/groups/0/notes']), ...(oneLine === null ? [] : ['/groups/0/entities/0/name'])]
    t.same(paths, expected, name)
  }
})

t.test('matching folds, never refuses: invisible characters vanish, controls become spaces', async (t) => {
  const folds: [string, string, string][] = [
    ['NUL', '\u0000', 'canal crew'],
    ['tab', '\t', 'canal crew'],
    ['C1 next line', '\u0085', 'canal crew'],
    ['line separator', '\u2028', 'canal crew'],
    ['lone high surrogate', '\uD800', 'canal crew'],
    ['right-to-left override (refused by validators, invisible to matching)', '\u202E', 'canalcrew'],
    ['left-to-right isolate', '\u2066', 'canalcrew'],
    ['zero-width space', '\u200B', 'canalcrew'],
    ['zero-width joiner', '\u200D', 'canalcrew'],
    ['right-to-left mark', '\u200F', 'canalcrew'],
    ['word joiner', '\u2060', 'canalcrew'],
    ['byte order mark', '\uFEFF', 'canalcrew'],
    ['soft hyphen', '\u00AD', 'canalcrew'],
    ['Hangul filler', '\u3164', 'canalcrew'],
    ['variation selector 16', '\uFE0F', 'canalcrew'],
  ]
  for (const [name, ch, expected] of folds) t.equal(foldText(`Canal${ch}Crew`), expected, name)
  t.ok(CONTROL_CHARACTER.test('0161\u2028496'), 'identifier normalisers refuse a value with a line separator')
  t.notOk(CONTROL_CHARACTER.test('0161 496 0000'), 'and accept one without')
})

t.test('bytes that are not UTF-8 are refused, never replaced', async (t) => {
  const cases: [string, number[], string | null][] = [
    ['ASCII', [0x41, 0x42], 'AB'],
    ['two-byte é', [0xc3, 0xa9], 'é'],
    ['a BOM is dropped', [0xef, 0xbb, 0xbf, 0x41], 'A'],
    ['Windows-1252 £', [0xa3], null],
    ['overlong slash', [0xc0, 0xaf], null],
    ['truncated sequence', [0xe2, 0x82], null],
    ['encoded surrogate', [0xed, 0xa0, 0x80], null],
  ]
  for (const [name, bytes, expected] of cases) t.equal(decodeUtf8(Uint8Array.from(bytes)), expected, name)
})

t.test('each character class holds exactly the code points the rule names', async (t) => {
  const classes: [string, string, number][] = [
    ['C0 and C1 controls', C0_C1_CONTROL_CLASS, 65],
    ['controls but tab, LF and CR', C0_C1_CONTROL_EXCEPT_LINE_BREAKS_CLASS, 62],
    ['line and paragraph separators', LINE_SEPARATOR_CLASS, 2],
    ['bidi embeddings, overrides and isolates', BIDI_CONTROL_CLASS, 9],
    ['noncharacters', NONCHARACTER_CLASS, 66],
  ]
  for (const [name, source, size] of classes) {
    const pattern = new RegExp(`^[${source}]$`, 'u')
    let count = 0
    for (let cp = 0; cp <= 0x10ffff; cp += 1) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue
      if (pattern.test(String.fromCodePoint(cp))) count += 1
    }
    t.equal(count, size, name)
  }
  const lone = new RegExp(`[${SURROGATE_CLASS}]`, 'u')
  t.ok(lone.test('a\uD800b'), 'a lone surrogate matches the surrogate class')
  t.notOk(lone.test('a\u{1F6A9}b'), 'a surrogate pair does not')
})
