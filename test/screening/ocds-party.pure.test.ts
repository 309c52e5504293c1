import { readFileSync } from 'node:fs'
import t from 'tap'
import { screeningRequestSchema } from '../../src/screening/supplier-schema.js'
import { countryCodeOfName } from '../../src/screening/input/country-names.js'

interface Party {
  id?: string
  name?: string
  roles?: string[]
  [field: string]: unknown
}
interface Release {
  parties: Party[]
}

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/ocds/${name}`, import.meta.url), 'utf8')) as T
}

const fictional = fixture<{ releases: Release[] }>('fictional-example-award.json').releases[0]!
const armeps = fixture<{ releases: Release[] }>('armeps-award-release.json').releases[0]!
const contractsFinder = fixture<Release>('contracts-finder-tender.json')
const ownersExample = fixture<{ parties: Party[] }>('beneficial-owners-extension-example.json').parties[0]!

function party(parties: Party[], id: string): Party {
  const found = parties.find((p) => p.id === id)
  if (found === undefined) throw new Error(`no party ${id}`)
  return found
}

function screen(body: unknown) {
  return screeningRequestSchema.safeParse(body)
}

function issuesOf(body: unknown): { path: string; message: string }[] {
  const result = screen(body)
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
}

// [what, party, the supplier screened]
const MAPPED: [string, Party, unknown][] = [
  [
    "the standard's fictional supplier: legal name screened as the name, the common name as a trading name, the GB-COH number without its spreadsheet '.0'",
    party(fictional.parties, 'GB-COH-11111111'),
    {
      name: 'AnyCorp Ltd',
      tradingNames: ['AnyCorp Cycle Provision'],
      companyNumber: '11111111',
      addresses: [{ lines: ['1 Anytown Lane'], town: 'Anytown', postcode: 'AA1 1AA', country: 'GB' }],
      phones: ['11111 111 111', '11111 111 112'],
      emails: ['contracts@anycorp.example'],
      website: 'http://www.anycorp.example',
    },
  ],
  [
    "the fictional example's tenderer",
    party(fictional.parties, 'GB-COH-22222222'),
    {
      name: 'Beta Corp Ltd',
      tradingNames: ['Beta Corp Construction'],
      companyNumber: '22222222',
      addresses: [{ lines: ['2 Main Road'], town: 'Beta City', postcode: 'BB2 2BB', country: 'GB' }],
      phones: ['22222 222 222', '22222 222 223'],
      emails: ['bids@betacorp.example'],
      website: 'http://www.betacorp.example',
    },
  ],
  [
    "a real Armenian supplier: its AM-TIN is not a company number, null and '' read as absent, its other fields ignored",
    party(armeps.parties, 'AM-TIN-01213189'),
    {
      name: 'Balans Kvo SPY',
      addresses: [{ lines: ['ք. Երևան, Վարդանանց 10'], town: 'Երևան', postcode: '0010', country: 'AM' }],
      phones: ['055 700 127'],
      emails: ['lilit.bakhshyan@yandex.ru'],
    },
  ],
  [
    "Contracts Finder's party as a tenderer: values trimmed, an empty identifier ignored, the contact person not screened",
    { ...contractsFinder.parties[0]!, roles: ['tenderer'] },
    {
      name: 'Met Office',
      addresses: [{ lines: ['Fitzroy Road  Exeter'], town: 'Exeter', postcode: 'EX1 3PB', country: 'GB' }],
      emails: ['trina.briers@metoffice.gov.uk'],
    },
  ],
  [
    "the beneficial owners extension's example: an owner is a connected person with role and nationality; no roles is no refusal",
    ownersExample,
    { name: 'Alpha Holdings Ltd', people: [{ name: 'Juan Perez', role: 'beneficial owner', nationality: 'PY' }] },
  ],
  [
    'a Companies House number in additionalIdentifiers, the identifier being another scheme',
    {
      name: 'Northern Paving',
      roles: ['tenderer'],
      identifier: { scheme: 'GB-CHC', id: '1234567', legalName: 'Northern Paving Trust' },
      additionalIdentifiers: [
        { scheme: 'GB-VAT', id: 'GB123456789' },
        { scheme: 'GB-COH', id: 9876543, legalName: 'NORTHERN PAVING TRUST' },
      ],
    },
    { name: 'Northern Paving Trust', tradingNames: ['Northern Paving'], companyNumber: '9876543' },
  ],
  [
    "OCDS 1.2's ISO country over the name; a street address over lines; the region left out",
    {
      name: 'Harbour Works Ltd',
      roles: ['supplier', 'payee'],
      address: {
        streetAddress: 'Flat 2\n14 Quay Street',
        locality: 'Belfast',
        region: 'Antrim',
        postalCode: 'bt1 3ag',
        countryName: 'Northern Ireland',
        country: 'gb',
      },
    },
    { name: 'Harbour Works Ltd', addresses: [{ lines: ['Flat 2', '14 Quay Street'], town: 'Belfast', postcode: 'bt1 3ag', country: 'GB' }] },
  ],
  [
    'owners with the older `nationality`, a nameless owner, and the same number twice as telephone and fax',
    {
      name: 'Quayside Ltd',
      roles: ['tenderer'],
      contactPoint: { name: 'Bids', telephone: '0161 496 0000', faxNumber: '0161 496 0000' },
      beneficialOwners: [{ id: '1', name: 'Aoife Byrne', nationality: 'IE' }, { id: '2' }],
    },
    { name: 'Quayside Ltd', phones: ['0161 496 0000'], people: [{ name: 'Aoife Byrne', role: 'beneficial owner', nationality: 'IE' }] },
  ],
]

t.test('an OCDS party is screened as the supplier it describes', async (t) => {
  for (const [what, ocdsParty, supplier] of MAPPED) {
    const result = screen({ reference: 'T-1', ocdsParty })
    t.ok(result.success, what)
    if (result.success) t.same(result.data, { reference: 'T-1', supplier }, what)
  }
})

// [what, request, the problems: field named as sent, and message]
const REFUSED: [string, unknown, { path: string; message: RegExp }[]][] = [
  ['a buyer is not a supplier', { ocdsParty: contractsFinder.parties[0] }, [{ path: 'ocdsParty.roles', message: /supplier.*tenderer/ }]],
  ['both supplier and ocdsParty', { supplier: { name: 'X' }, ocdsParty: { name: 'X' } }, [{ path: 'ocdsParty', message: /not both/ }]],
  ['neither supplier nor ocdsParty', { reference: 'R' }, [{ path: 'supplier', message: /required/ }]],
  [
    'a party with no name at all',
    { ocdsParty: { identifier: { scheme: 'GB-COH', id: '01234567' } } },
    [{ path: 'ocdsParty.name', message: /expected string/ }],
  ],
  ['a party named in blanks', { ocdsParty: { name: '  ', identifier: { legalName: '' } } }, [{ path: 'ocdsParty.name', message: /expected string/ }]],
  [
    'a postcode past the limit, named as OCDS names it',
    { ocdsParty: { name: 'X', address: { postalCode: 'M5 4XJ'.repeat(5) } } },
    [{ path: 'ocdsParty.address.postalCode', message: /<=16/ }],
  ],
  [
    'a country name the service does not know',
    { ocdsParty: { name: 'X', address: { countryName: 'Narnia' } } },
    [{ path: 'ocdsParty.address.countryName', message: /country/ }],
  ],
  [
    'a legal name holding a control character',
    { ocdsParty: { name: 'X', identifier: { legalName: 'Bad\u0007Name' } } },
    [{ path: 'ocdsParty.identifier.legalName', message: /./ }],
  ],
  [
    'a value of the wrong type',
    { ocdsParty: { name: 'X', address: { postalCode: 4 } } },
    [{ path: 'ocdsParty.address.postalCode', message: /expected string/ }],
  ],
  [
    "an owner's nationality outside the extension's closed codelist",
    { ocdsParty: { name: 'X', beneficialOwners: [{ id: '1', name: 'A B', nationalities: ['Atlantis'] }] } },
    [{ path: 'ocdsParty.beneficialOwners.0.nationalities.0', message: /ISO 3166/ }],
  ],
  [
    'an unknown field beside ocdsParty is refused, as anywhere in the request',
    { ocdsParty: { name: 'X' }, ocdsParties: [] },
    [{ path: '', message: /ocdsParties/ }],
  ],
]

t.test('a party that cannot be screened is refused, naming the field as sent', async (t) => {
  for (const [what, body, expected] of REFUSED) {
    const issues = issuesOf(body)
    t.equal(issues.length, expected.length, `${what}: ${JSON.stringify(issues)}`)
    expected.forEach((e, i) => t.match(issues[i], e, what))
  }
})

t.test('too many people in all names the input that brought them', async (t) => {
  const beneficialOwners = Array.from({ length: 51 }, (_, i) => ({ id: String(i), name: `Owner Number${String.fromCharCode(65 + (i % 26))}${i}` }))
  t.match(issuesOf({ ocdsParty: { name: 'X', beneficialOwners } }), [{ path: 'ocdsParty.beneficialOwners', message: /<=50/ }])
})

// [country as publishers write it, ISO code or null]
const COUNTRY_NAMES: [string, string | null][] = [
  ['United Kingdom', 'GB'],
  [' United Kingdom', 'GB'], // Contracts Finder
  ['UNITED KINGDOM', 'GB'],
  ['England', 'GB'],
  ['Scotland', 'GB'],
  ['Wales', 'GB'],
  ['Northern Ireland', 'GB'],
  ['Great Britain', 'GB'],
  ['UK', 'GB'],
  ['gb', 'GB'],
  ['AM', 'AM'], // Armeps writes the code in countryName
  ['Ireland', 'IE'],
  ['Republic of Ireland', 'IE'],
  ['Paraguay', 'PY'],
  ['Côte d’Ivoire', 'CI'],
  ['Cote d Ivoire', 'CI'],
  ['United States', 'US'],
  ['Kosovo', 'XK'],
  ['Narnia', null],
  ['GBR', null],
  ['', null],
]

t.test('country names read into ISO codes', async (t) => {
  for (const [name, code] of COUNTRY_NAMES) t.equal(countryCodeOfName(name), code, JSON.stringify(name))
})
