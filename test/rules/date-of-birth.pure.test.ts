import t from 'tap'
import { EARLIEST_BIRTH_YEAR, datePartsProblem, isoDateOfBirthProblem, readDateOfBirth } from '../../src/rules/date-of-birth.js'
import { dateOfBirthText } from '../../src/rules/schemas.js'
import { parseDateOfBirth } from '../../src/matching/normalise/date-of-birth.js'
import { parseJsonWatchlist } from '../../src/register/parse-json-watchlist.js'
import { supplierSchema } from '../../src/screening/supplier-schema.js'
import { group, json, person } from '../helpers/upload-error-cases.js'

const TODAY = '2026-06-01'
const now = () => new Date(`${TODAY}T12:00:00Z`)

// [value, accepted by the API and the register, read by the matcher]
const ISO_CASES: [string, boolean, boolean][] = [
  ['1981', true, true],
  ['1981-03', true, true],
  ['1981-03-14', true, true],
  ['2000-02-29', true, true], // divisible by 400: a leap year
  ['2024-02-29', true, true],
  ['1900-01-01', true, true],
  [TODAY, true, true],
  ['2026-05', true, true],
  ['2026', true, true],
  ['1981-02-29', false, false], // not a leap year: the matcher no longer reads it as a date
  ['1900-02-29', false, false], // divisible by 100, not by 400
  ['1981-02-30', false, false],
  ['1981-04-31', false, false],
  ['1981-13', false, false],
  ['1981-00', false, false],
  ['1981-03-00', false, false],
  ['1899-12-31', false, false], // before 1900: a typing error on both sides now
  ['1850', false, false],
  ['2026-06-02', false, true], // in the future: only the validators keep a clock
  ['2026-07', false, true],
  ['2099', false, true],
  ['14/03/1981', false, true], // other written forms: the matcher reads them, the API does not
  ['19810314', false, true],
  ['1981-3-14', false, true],
  ['soon', false, false],
  ['', false, false],
]

const NEAR_TODAY = new Set(['2026-06-02', '2026-07'])

t.test('one rule decides what a date of birth is, for the API, the register and the matcher', async (t) => {
  for (const [value, accepted, read] of ISO_CASES) {
    t.equal(isoDateOfBirthProblem(value, TODAY) === null, accepted, `${value}: the rule`)
    // The screening route reads the real clock, so dates near the test's "today" are left out.
    if (!NEAR_TODAY.has(value)) {
      t.equal(supplierSchema.safeParse({ name: 'X', people: [{ name: 'A B', dateOfBirth: value }] }).success, accepted, `${value}: a supplier's`)
    }
    const upload = await parseJsonWatchlist(json([group([person({ dateOfBirth: value })])]), { today: now() })
    // A blank value in an upload is an absent date, not a bad one.
    t.equal(upload.ok, accepted || value === '', `${value}: the register's`)
    t.equal(parseDateOfBirth(value) !== null, read, `${value}: the matcher's`)
  }
})

t.test('the matcher reads every written form at the precision given', async (t) => {
  const cases: [string, { year: number; month: number | null; day: number | null } | null][] = [
    ['1981', { year: 1981, month: null, day: null }],
    ['1981-03', { year: 1981, month: 3, day: null }],
    ['1981-3-4', { year: 1981, month: 3, day: 4 }],
    ['19810314', { year: 1981, month: 3, day: 14 }],
    ['14/03/1981', { year: 1981, month: 3, day: 14 }],
    ['14.3.1981', { year: 1981, month: 3, day: 14 }],
    ['1981/03/14', null],
    ['03-14-1981', null],
  ]
  for (const [text, expected] of cases) t.same(readDateOfBirth(text), expected, text)
})

t.test('problems are named in words that do not repeat the value', async (t) => {
  const cases: [string, RegExp][] = [
    ['14/03/1981', /YYYY, YYYY-MM or YYYY-MM-DD/],
    ['1899', new RegExp(`before ${EARLIEST_BIRTH_YEAR}`)],
    ['1981-13', /month/],
    ['1981-02-30', /real calendar date/],
    ['2027', /future/],
  ]
  for (const [value, message] of cases) t.match(isoDateOfBirthProblem(value, TODAY), message, value)
  t.match(datePartsProblem({ year: 1981, month: null, day: 3 }), /day without a month/)
  t.equal(datePartsProblem({ year: 2099, month: null, day: null }), null, 'without a clock the future is not checked')
})

t.test('the API field reads its clock at each validation', async (t) => {
  let today = new Date('2026-06-01T12:00:00Z')
  const field = dateOfBirthText(() => today)
  t.notOk(field.safeParse('2026-06-02').success, 'tomorrow is refused')
  today = new Date('2026-06-02T00:00:01Z')
  t.ok(field.safeParse('2026-06-02').success, 'until it is today')
  t.equal(field.safeParse(' 1981-03 ').data, '1981-03', 'trimmed')
})
