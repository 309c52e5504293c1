import { readFileSync } from 'node:fs'
import t from 'tap'
import { countryCodeOfNationality } from '../../src/screening/input/country-names.js'
import { dateOfBirthText, officerNameInOrder } from '../../src/screening/input/companies-house.js'
import { screeningRequestSchema } from '../../src/screening/supplier-schema.js'

function fixture(name: string): { items: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(new URL(`../fixtures/companies-house/${name}`, import.meta.url), 'utf8')) as { items: Record<string, unknown>[] }
}

const officers = fixture('officers.json').items
const pscs = fixture('persons-with-significant-control.json').items

function screen(body: unknown) {
  return screeningRequestSchema.safeParse(body)
}

function issuesOf(body: unknown): { path: string; message: string }[] {
  const result = screen(body)
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
}

// [as Companies House writes an officer, in the order people write names]
const NAMES: [string, string][] = [
  ['SMITH, John Albert', 'John Albert SMITH'],
  ["O'CONNOR, Daniel James", "Daniel James O'CONNOR"],
  ['WHITFIELD-HUGHES, Margaret Ann', 'Margaret Ann WHITFIELD-HUGHES'],
  ['SMITH, John, Dr', 'John Dr SMITH'], // a title after the forenames stays; the matcher sets titles aside
  ['  SMITH ,  John  ', 'John SMITH'],
  ['SMITH,', 'SMITH'],
  ['ALBION COMPANY SECRETARIES LIMITED', 'ALBION COMPANY SECRETARIES LIMITED'],
]

t.test('an officer written SURNAME, Forenames is screened forenames first', async (t) => {
  for (const [written, ordered] of NAMES) t.equal(officerNameInOrder(written), ordered, written)
})

// [date_of_birth as the API gives it, the request's date]
const DATES: [{ year: number; month?: number; day?: number }, string][] = [
  [{ month: 3, year: 1981 }, '1981-03'],
  [{ month: 11, year: 1979 }, '1979-11'],
  [{ year: 1981 }, '1981'],
  [{ day: 14, month: 3, year: 1981 }, '1981-03-14'], // a register view for the company itself
  [{ day: 4, month: 7, year: 962 }, '0962-07-04'], // written as given; the date rule refuses it
]

t.test('a date of birth of month and year is a partial date', async (t) => {
  for (const [date, text] of DATES) t.equal(dateOfBirthText(date), text, JSON.stringify(date))
})

// [nationality as Companies House writes it, ISO code or null (left out)]
const NATIONALITIES: [string, string | null][] = [
  ['British', 'GB'],
  ['BRITISH', 'GB'],
  ['English', 'GB'],
  ['Welsh', 'GB'],
  ['Northern Irish', 'GB'],
  ['Irish', 'IE'],
  ['British,Irish', 'GB'],
  ['Martian,Irish', 'IE'],
  ['Polish', 'PL'],
  ['United Kingdom', 'GB'],
  ['Kosovan', 'XK'],
  ['Martian', null],
  ['', null],
]

t.test("a nationality's free text read into an ISO code when known", async (t) => {
  for (const [text, code] of NATIONALITIES) t.equal(countryCodeOfNationality(text), code, JSON.stringify(text))
})

t.test('officers and PSCs as the API lists them become the supplier’s people', async (t) => {
  const result = screen({
    supplier: { name: 'Canal Side Surfacing Ltd', people: [{ name: 'Priya Shah', role: 'Company Secretary' }] },
    companiesHouse: { officers, pscs },
  })
  t.ok(result.success, JSON.stringify(result.error?.issues))
  t.same(result.data?.supplier.people, [
    // The supplier's own people first, as given.
    { name: 'Priya Shah', role: 'Company Secretary' },
    // A director who is also a PSC is one person with both roles.
    { name: "Daniel James O'CONNOR", dateOfBirth: '1981-03', role: 'director; person with significant control', nationality: 'GB' },
    // Resigned and ceased people are screened, the role saying so; the first known nationality is kept.
    { name: 'Siobhan Mary BRENNAN', dateOfBirth: '1979-11', role: 'director (resigned 2024-02-29)', nationality: 'GB' },
    { name: 'Margaret Ann Whitfield-Hughes', dateOfBirth: '1962-07', role: 'person with significant control (ceased 2021-08-16)', nationality: 'GB' },
    // The corporate secretary and the corporate PSC are companies, not people: left out.
  ])
})

// [what, companiesHouse records, the people screened]
const PEOPLE: [string, unknown, unknown][] = [
  [
    'a PSC named without name elements keeps its name as written; its kind absent reads as an individual',
    { pscs: [{ name: 'Dr Kwame Mensah', date_of_birth: { month: 1, year: 1990 } }] },
    [{ name: 'Dr Kwame Mensah', dateOfBirth: '1990-01', role: 'person with significant control' }],
  ],
  [
    "an overseas entity's registrable beneficial owner",
    { pscs: [{ kind: 'individual-beneficial-owner', name_elements: { forename: 'Ana', surname: 'Silva' }, nationality: 'Portuguese' }] },
    [{ name: 'Ana Silva', role: 'beneficial owner', nationality: 'PT' }],
  ],
  [
    "super-secure and legal-person PSCs are left out: there is no person's name to screen",
    { pscs: [{ kind: 'super-secure-person-with-significant-control' }, { kind: 'legal-person-person-with-significant-control', name: 'The Crown' }] },
    undefined,
  ],
  [
    'an officer with no role, no date of birth and an unknown nationality',
    { officers: [{ name: 'DOE, Jane', nationality: 'Martian' }] },
    [{ name: 'Jane DOE' }],
  ],
  [
    'an LLP member, its role in words',
    { officers: [{ name: 'KHAN, Imran', officer_role: 'llp-designated-member', date_of_birth: { year: 1975 } }] },
    [{ name: 'Imran KHAN', role: 'llp designated member', dateOfBirth: '1975' }],
  ],
  [
    'the same name with different dates of birth is two people',
    {
      officers: [
        { name: 'SMITH, John', officer_role: 'director', date_of_birth: { month: 1, year: 1960 } },
        { name: 'SMITH, John', officer_role: 'director', date_of_birth: { month: 1, year: 1990 } },
      ],
    },
    [
      { name: 'John SMITH', role: 'director', dateOfBirth: '1960-01' },
      { name: 'John SMITH', role: 'director', dateOfBirth: '1990-01' },
    ],
  ],
]

t.test('Companies House records read as people', async (t) => {
  for (const [what, companiesHouse, people] of PEOPLE) {
    const result = screen({ supplier: { name: 'X' }, companiesHouse })
    t.ok(result.success, `${what}: ${JSON.stringify(result.error?.issues)}`)
    t.same(result.data?.supplier.people, people, what)
  }
})

t.test('an OCDS beneficial owner who is also a PSC is one person', async (t) => {
  const result = screen({
    ocdsParty: { name: 'Canal Side Surfacing Ltd', roles: ['tenderer'], beneficialOwners: [{ id: '1', name: "Daniel James O'Connor", nationalities: ['GB'] }] },
    companiesHouse: { pscs: [pscs[0]] },
  })
  t.same(result.data?.supplier.people, [
    { name: "Daniel James O'Connor", dateOfBirth: '1981-03', role: 'beneficial owner; person with significant control', nationality: 'GB' },
  ])
})

// [what, companiesHouse records, the problems: field named as sent, and message]
const REFUSED: [string, unknown, { path: string; message: RegExp }[]][] = [
  [
    'a date of birth before 1900',
    { officers: [{ name: 'OLD, Person', date_of_birth: { month: 1, year: 1850 } }] },
    [{ path: 'companiesHouse.officers.0.date_of_birth', message: /1900/ }],
  ],
  [
    'a date of birth in the future',
    { pscs: [{ name: 'Mr Not Born', date_of_birth: { month: 1, year: 2999 } }] },
    [{ path: 'companiesHouse.pscs.0.date_of_birth', message: /./ }],
  ],
  [
    'a month out of range',
    { officers: [{ name: 'A, B', date_of_birth: { month: 13, year: 1981 } }] },
    [{ path: 'companiesHouse.officers.0.date_of_birth.month', message: /<=12/ }],
  ],
  [
    'a month as text',
    { officers: [{ name: 'A, B', date_of_birth: { month: '03', year: 1981 } }] },
    [{ path: 'companiesHouse.officers.0.date_of_birth.month', message: /number/ }],
  ],
  [
    'a day without a month',
    { officers: [{ name: 'A, B', date_of_birth: { day: 3, year: 1981 } }] },
    [{ path: 'companiesHouse.officers.0.date_of_birth.day', message: /month/ }],
  ],
  ['an officer without a name', { officers: [{ officer_role: 'director' }] }, [{ path: 'companiesHouse.officers.0.name', message: /expected string/ }]],
  [
    'a PSC with no name at all',
    { pscs: [{ kind: 'individual-person-with-significant-control' }] },
    [{ path: 'companiesHouse.pscs.0.name', message: /too small|>=1/i }],
  ],
  ['a name holding a control character', { officers: [{ name: 'SMITH, Jo\u0000hn' }] }, [{ path: 'companiesHouse.officers.0.name', message: /./ }]],
  ['an unknown list beside officers and pscs', { officers: [], charges: [] }, [{ path: 'companiesHouse', message: /charges/ }]],
  [
    "more people in all than a supplier's limit",
    { officers: Array.from({ length: 51 }, (_, i) => ({ name: `PERSON, Number ${i}`, date_of_birth: { month: 1, year: 1950 + (i % 50) } })) },
    [{ path: 'companiesHouse', message: /<=50/ }],
  ],
]

t.test('records that cannot be screened are refused, naming the field as sent', async (t) => {
  for (const [what, companiesHouse, expected] of REFUSED) {
    const issues = issuesOf({ supplier: { name: 'X' }, companiesHouse })
    t.equal(issues.length, expected.length, `${what}: ${JSON.stringify(issues)}`)
    expected.forEach((e, i) => t.match(issues[i], e, what))
  }
})

t.test("the supplier's own errors keep their own names beside Companies House's", async (t) => {
  const issues = issuesOf({
    supplier: { name: 'X', people: [{ name: 'A', dateOfBirth: '1850' }] },
    companiesHouse: { officers: [{ name: 'A, B', date_of_birth: { month: 1, year: 1850 } }] },
  })
  t.match(issues, [{ path: 'supplier.people.0.dateOfBirth' }])
  t.equal(issues.length, 1, 'the supplier is checked first; the records once it is valid')
})
