/**
 * Arbitraries of hostile input for the route fuzzer: strings no client should send, values of the
 * wrong type or range, objects with prototype keys, forged cursors. Each is a fast-check
 * arbitrary, so a failure shrinks towards the smallest input that still fails.
 */
import fc from 'fast-check'

/** Characters the text rule refuses or keeps specially (issue 12 point 6), one of each class. */
const SPECIAL_CHARACTERS = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\t',
  '\n',
  '\r',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\ud800',
  '\udfff',
  '\ufdd0',
  '\ufffe',
  '\uffff',
  '\u{1fffe}',
  '\u200b',
  '\u200d',
  '\u200e',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u3164',
  '\ufe0f',
  '\ufffd',
  '%',
  '%00',
  '%ff',
  '\\',
  '"',
  "'",
  '`',
  '_',
  '/',
  '..',
  '?',
  '#',
  '&',
  '=',
  '+',
]

/** Strings that look like something else: numbers out of range, dates no database keeps, SQL. */
const TRICKY_STRINGS = [
  '',
  ' ',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1.5',
  '1e400',
  '-1e400',
  'NaN',
  'Infinity',
  '0x10',
  '2147483648',
  '9007199254740993',
  '99999999999999999999',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999Z',
  '2026-02-30T00:00:00Z',
  '2026-01-01',
  "' or 1=1 --",
  '"; drop table audit_events; --',
  '$1',
  '%s%s%s%n',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
]

/** A string of a single unit repeated: the lengths straddle the service's limits (100, 200, 300, 2,000, 10,000). */
const longString = fc
  .tuple(fc.constantFrom('x', 'é', '\u{1f600}', '\u0000', '\u202e', 'a b', '%'), fc.constantFrom(99, 100, 101, 200, 201, 301, 2001, 10_001, 100_000))
  .map(([unit, n]) => unit.repeat(n))

const specialCharacter = fc.constantFrom(...SPECIAL_CHARACTERS)

/** Text with special characters woven in between ordinary ones. */
const mixedText = fc
  .array(fc.oneof(fc.string({ maxLength: 6 }), specialCharacter, fc.string({ unit: 'binary', maxLength: 4 })), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''))

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: mixedText },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  { weight: 1, arbitrary: longString },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }) },
)

const hostileNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 31 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, 1e21, -1e21),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
)

/** An object whose keys include the prototype-polluting ones, as own enumerable properties (JSON.stringify writes them). */
export function objectWithKeys(entries: [string, unknown][]): Record<string, unknown> {
  const target: Record<string, unknown> = {}
  for (const [key, value] of entries) Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true })
  return target
}

export const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', '', ' ', 'toString', 'valueOf', '$where', 'x\ud800', '\u0000', '\u202e', 'a.b', 'a[0]'),
  fc.string({ maxLength: 12 }),
)

/** Any JSON-ish value of the wrong type, deep or wide, with hostile keys and strings. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.constantFrom(null, true, false, [], {}),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 4 }).map(objectWithKeys),
  ),
})).value

/** Nested arrays or objects many levels deep, as JSON text (the parser, not the schema, must cope). */
export const deepJson = fc
  .tuple(fc.constantFrom(64, 1000, 10_000, 100_000), fc.constantFrom('array', 'object'))
  .map(([depth, shape]) => (shape === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)))

const base64url = (text: string | Buffer) => Buffer.from(text).toString('base64url')

/** Cursors a client could forge: base64url of JSON of the wrong shape, type or range, or not base64 at all. */
export const forgedCursor = fc.oneof(
  fc.constantFrom(
    'WyJ4IiwieSJd',
    base64url('[1e400,"y"]'),
    base64url('["x"]'),
    base64url('[1e400]'),
    base64url('[99999999999]'),
    base64url('[1.5]'),
    base64url('[-1]'),
    base64url('[0]'),
    base64url('[null]'),
    base64url('[]'),
    base64url('{}'),
    base64url('{"__proto__":{"x":1}}'),
    base64url('["0000-01-01T00:00:00Z","scr_x"]'),
    base64url('["+275760-09-13T00:00:00Z","scr_x"]'),
    base64url('["2026-01-01T00:00:00Z",7]'),
    base64url('["2026-01-01T00:00:00Z","x\\ud800"]'),
    base64url('["\\u0000"]'),
    base64url(Buffer.from([0xff, 0xfe, 0x5b, 0x5d])),
    '%%%',
    '====',
    'x'.repeat(501),
  ),
  hostileValue.map((value) => base64url(JSON.stringify(value) ?? 'null')),
  hostileString,
)

/** Bytes that are not UTF-8: stray continuation bytes, overlong forms, encoded surrogates, truncated sequences. */
export const invalidUtf8 = fc.constantFrom(
  Buffer.from([0xff]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xe0, 0x80, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0x80]),
  Buffer.from([0xfe, 0xff]),
)

/** A JSON text with invalid UTF-8 inside a string value. */
export const invalidUtf8Json = fc
  .tuple(fc.constantFrom('name', 'outcome', 'note', 'items', 'supplier'), invalidUtf8)
  .map(([key, bytes]) => Buffer.concat([Buffer.from(`{"${key}":"ok`), bytes, Buffer.from('"}')]))

/** Percent-encodes a string as UTF-8 bytes; a lone surrogate becomes its three-byte (invalid) encoding rather than throwing. */
export function percentEncode(value: string): string {
  let out = ''
  for (const ch of value) {
    const code = ch.codePointAt(0)!
    if (/^[A-Za-z0-9\-._~]$/.test(ch)) out += ch
    else if (code >= 0xd800 && code <= 0xdfff)
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).padStart(2, '0').toUpperCase()}`
  }
  return out
}
