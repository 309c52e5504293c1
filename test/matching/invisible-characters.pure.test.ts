import t from 'tap'
import { compileRegister, screenSupplier, type RegisterInput, type Supplier } from '../../src/matching/index.js'
import type { Address, RegisterEntity } from '../../src/matching/types.js'
import { parseAddress } from '../../src/matching/normalise/address.js'
import { parseCompanyName } from '../../src/matching/normalise/company-name.js'
import { canonicalCompanyNumber } from '../../src/matching/normalise/company-number.js'
import { parseDateOfBirth } from '../../src/matching/normalise/date-of-birth.js'
import { canonicalDomain, canonicalEmail } from '../../src/matching/normalise/email.js'
import { parsePersonName } from '../../src/matching/normalise/person-name.js'
import { phoneToE164, phoneToE164ViaLibrary } from '../../src/matching/normalise/phone.js'
import { canonicalPostcode } from '../../src/matching/normalise/postcode.js'
import { foldText, removeInvisible } from '../../src/matching/text/fold.js'

/** One code point of every default-ignorable class, and the Hangul fillers. */
const INVISIBLE: [string, string][] = [
  ['soft hyphen', '\u00AD'],
  ['combining grapheme joiner', '\u034F'],
  ['Arabic letter mark', '\u061C'],
  ['Hangul choseong filler', '\u115F'],
  ['Hangul jungseong filler', '\u1160'],
  ['Khmer inherent vowel', '\u17B4'],
  ['Khmer inherent vowel aa', '\u17B5'],
  ['Mongolian free variation selector', '\u180B'],
  ['Mongolian vowel separator', '\u180E'],
  ['Mongolian free variation selector 4', '\u180F'],
  ['zero-width space', '\u200B'],
  ['zero-width non-joiner', '\u200C'],
  ['zero-width joiner', '\u200D'],
  ['left-to-right mark', '\u200E'],
  ['right-to-left mark', '\u200F'],
  ['left-to-right embedding', '\u202A'],
  ['right-to-left override', '\u202E'],
  ['word joiner', '\u2060'],
  ['invisible times', '\u2062'],
  ['left-to-right isolate', '\u2066'],
  ['nominal digit shapes', '\u206F'],
  ['Hangul filler', '\u3164'],
  ['variation selector 1', '\uFE00'],
  ['variation selector 16', '\uFE0F'],
  ['byte order mark', '\uFEFF'],
  ['halfwidth Hangul filler', '\uFFA0'],
  ['shorthand format letter overlap', '\u{1BCA0}'],
  ['shorthand format up step', '\u{1BCA3}'],
  ['musical symbol begin beam', '\u{1D173}'],
  ['musical symbol end phrase', '\u{1D17A}'],
  ['language tag', '\u{E0001}'],
  ['tag latin small letter a', '\u{E0061}'],
  ['variation selector 17', '\u{E0100}'],
  ['unassigned default ignorable', '\u{E0FFF}'],
]

/** `value` with `ch` inserted after its `at`-th code point (clamped to the value). */
function insert(value: string, ch: string, at: number): string {
  const points = [...value]
  const k = Math.max(0, Math.min(points.length, at))
  return [...points.slice(0, k), ch, ...points.slice(k)].join('')
}

t.test('removeInvisible removes every default-ignorable code point and leaves the rest', async (t) => {
  for (const [name, ch] of INVISIBLE) {
    t.equal(removeInvisible(`Nor${ch}thern`), 'Northern', name)
    t.equal(removeInvisible(`${ch}${ch}0987${ch}6543${ch}`), '09876543', `${name}, repeated`)
  }
  const kept: [string, string][] = [
    ['plain ASCII', 'Northern Paving Ltd'],
    ['letters with diacritics', 'Zoë Ångström'],
    ['Cyrillic', 'Владимир'],
    ['Hangul syllables', '김정은'],
    ['emoji with a surrogate pair', 'ab\u{1F600}c'],
    ['no-break space', 'M5\u00A04XJ'],
    ['control characters (left to the caller)', 'a\u0000b'],
  ]
  for (const [name, value] of kept) t.equal(removeInvisible(value), value, name)
})

t.test('invisible code points inside names fold away without leaving a space', async (t) => {
  for (const [name, ch] of INVISIBLE) {
    t.equal(foldText(`Nor${ch}thern Pav${ch}ing`), 'northern paving', `${name}: folded text`)
    t.equal(foldText(`${ch}Smith${ch}`), 'smith', `${name}: at the edges`)
    const company = parseCompanyName(`Nor${ch}thern Paving Solu${ch}tions Ltd${ch}`, 12)
    t.equal(company.tokens.map((x) => x.text).join(' '), 'northern paving solution', `${name}: company words`)
    t.equal(company.legalForms[0]?.display, 'Ltd', `${name}: legal form still found`)
    t.equal(parsePersonName(`Dan${ch}ny O'Con${ch}nor`, 8).compact, 'dannyoconnor', `${name}: person name`)
  }
})

t.test('controls, separators and lone surrogates in names become spaces', async (t) => {
  const cases: [string, string][] = [
    ['NUL', '\u0000'],
    ['tab', '\t'],
    ['C1 next line', '\u0085'],
    ['line separator', '\u2028'],
    ['lone high surrogate', '\uD800'],
    ['lone low surrogate', '\uDFFF'],
    ['blank Braille pattern', '\u2800'],
  ]
  for (const [name, ch] of cases) t.equal(foldText(`Smith${ch}Jones`), 'smith jones', name)
})

t.test('invisible code points inside identifiers leave the canonical value unchanged', async (t) => {
  for (const [name, ch] of INVISIBLE) {
    t.equal(canonicalCompanyNumber(insert('09876543', ch, 4)), '09876543', `${name}: company number`)
    t.equal(canonicalCompanyNumber(insert('SC123456', ch, 2)), 'SC123456', `${name}: prefixed company number`)
    t.equal(phoneToE164(insert('0161 496 0000', ch, 3)), '+441614960000', `${name}: phone (shortcut)`)
    t.equal(phoneToE164ViaLibrary(insert('0161 496 0000', ch, 3)), '+441614960000', `${name}: phone (library)`)
    t.equal(phoneToE164(insert('+33 1 42 68 53 00', ch, 5)), '+33142685300', `${name}: foreign phone`)
    t.equal(canonicalEmail(insert('boss@canalcrew.example', ch, 2)), 'boss@canalcrew.example', `${name}: e-mail local part`)
    t.equal(canonicalEmail(insert('boss@canalcrew.example', ch, 8)), 'boss@canalcrew.example', `${name}: e-mail domain`)
    t.equal(canonicalDomain(insert('https://www.northernpaving.example/', ch, 15)), 'northernpaving.example', `${name}: website`)
    t.equal(canonicalPostcode(insert('M5 4XJ', ch, 1)), 'M5 4XJ', `${name}: postcode`)
    t.equal(parseDateOfBirth(insert('1981-03-14', ch, 5))?.text, '1981-03-14', `${name}: date of birth`)
    const address = parseAddress({
      lines: [insert('12 Mill Lane', ch, 4)],
      town: insert('Bolton', ch, 2),
      postcode: insert('BL1 1AA', ch, 3),
      uprn: insert('100023336956', ch, 6),
    })
    t.match(address, { number: '12', street: ['mill', 'lane'], town: ['bolton'], postcode: 'BL1 1AA', uprn: '100023336956' }, `${name}: address`)
    t.equal(parseAddress({ lines: [insert('Flat 2/1, 45 Dumbarton Road', ch, 6)] }).flat, '2/1', `${name}: flat position`)
  }
})

const register: RegisterInput = {
  version: 1,
  groups: [{ id: 'g1', ref: 'OCG-1', name: 'Canal Street Firm', aliases: [], riskLevel: 'high', handling: 'Refer.', ownerOrgId: 'police' }],
  entities: [
    {
      id: 'e_company',
      groupId: 'g1',
      type: 'company',
      name: 'Northern Paving Solutions Limited',
      companyNumber: '09876543',
      addresses: [{ lines: ['Unit 4 Canal St'], town: 'Salford', postcode: 'M5 4XJ' }],
    },
    { id: 'e_person', groupId: 'g1', type: 'person', name: 'Danny Okonkwo-Reilly', dateOfBirth: '1981-03-14' },
    { id: 'e_address', groupId: 'g1', type: 'address', address: { lines: ['Flat 2/1', '45 Dumbarton Road'], town: 'Glasgow', postcode: 'G11 6AB' } },
    { id: 'e_phone', groupId: 'g1', type: 'phone', value: '+44 161 496 0000' },
    { id: 'e_email', groupId: 'g1', type: 'email', value: 'boss@canalcrew.example' },
    { id: 'e_web', groupId: 'g1', type: 'website', value: 'https://www.northernpaving.example/' },
  ],
}
const scope = { allowedOwners: new Set(['police']) }

/** Suppliers that each reach the register through one field, with the value to disguise. */
const FIELDS: [string, Supplier, (s: Supplier, disguise: (v: string) => string) => Supplier][] = [
  ['name', { name: 'Northern Paving Solutions Ltd' }, (s, d) => ({ ...s, name: d(s.name) })],
  ['trading name', { name: 'Zzz Ltd', tradingNames: ['Northern Paving Solutions Ltd'] }, (s, d) => ({ ...s, tradingNames: (s.tradingNames ?? []).map(d) })],
  ['company number', { name: 'Zzz Ltd', companyNumber: '09876543' }, (s, d) => ({ ...s, companyNumber: d(s.companyNumber ?? '') })],
  [
    'address line',
    { name: 'Zzz Ltd', addresses: [{ lines: ['Flat 2/1', '45 Dumbarton Road'], town: 'Glasgow', postcode: 'G11 6AB' }] },
    (s, d) => ({ ...s, addresses: (s.addresses ?? []).map((a) => ({ ...a, lines: (a.lines ?? []).map(d) })) }),
  ],
  [
    'address postcode',
    { name: 'Zzz Ltd', addresses: [{ lines: ['Unit 4, Canal Street'], postcode: 'M5 4XJ' }] },
    (s, d) => ({ ...s, addresses: (s.addresses ?? []).map((a) => ({ ...a, postcode: d(a.postcode ?? '') })) }),
  ],
  [
    'person name',
    { name: 'Zzz Ltd', people: [{ name: 'Danny Okonkwo-Reilly', dateOfBirth: '1981-03-14' }] },
    (s, d) => ({ ...s, people: (s.people ?? []).map((p) => ({ ...p, name: d(p.name) })) }),
  ],
  [
    'person date of birth',
    { name: 'Zzz Ltd', people: [{ name: 'Danny Okonkwo-Reilly', dateOfBirth: '1981-03-14' }] },
    (s, d) => ({ ...s, people: (s.people ?? []).map((p) => ({ ...p, dateOfBirth: d(p.dateOfBirth ?? '') })) }),
  ],
  ['phone', { name: 'Zzz Ltd', phones: ['0161 496 0000'] }, (s, d) => ({ ...s, phones: (s.phones ?? []).map(d) })],
  ['e-mail', { name: 'Zzz Ltd', emails: ['boss@canalcrew.example'] }, (s, d) => ({ ...s, emails: (s.emails ?? []).map(d) })],
  ['website', { name: 'Zzz Ltd', website: 'https://www.northernpaving.example/' }, (s, d) => ({ ...s, website: d(s.website ?? '') })],
]

/** The characters most used to slip past filters, each in a few places of the value. */
const EVASIVE = INVISIBLE.filter(([name]) =>
  [
    'zero-width space',
    'zero-width joiner',
    'zero-width non-joiner',
    'word joiner',
    'byte order mark',
    'soft hyphen',
    'Hangul filler',
    'halfwidth Hangul filler',
    'right-to-left override',
    'language tag',
  ].includes(name),
)
const POSITIONS = [1, 3, 5]

t.test('an invisible character inside any supplier field changes no band', async (t) => {
  const compiled = compileRegister(register)
  for (const [field, supplier, disguise] of FIELDS) {
    const clean = screenSupplier(compiled, supplier, scope)
    t.not(clean.band, 'none', `${field}: the clean supplier is flagged`)
    for (const [name, ch] of EVASIVE) {
      for (const at of POSITIONS) {
        const disguised = screenSupplier(
          compiled,
          disguise(supplier, (v) => insert(v, ch, at)),
          scope,
        )
        t.equal(disguised.band, clean.band, `${field}, ${name} after character ${at}: same band`)
        t.equal(disguised.riskScore, clean.riskScore, `${field}, ${name} after character ${at}: same risk score`)
      }
    }
  }
})

t.test('invisible characters inside register values are folded the same way', async (t) => {
  const clean = compileRegister(register)
  for (const [name, ch] of EVASIVE) {
    const disguise = (v: string): string => insert(v, ch, 3)
    const disguiseAddress = (a: Address): Address => ({
      ...a,
      lines: (a.lines ?? []).map(disguise),
      ...(a.postcode === undefined ? {} : { postcode: disguise(a.postcode) }),
    })
    const disguiseEntity = (e: RegisterEntity): RegisterEntity => {
      switch (e.type) {
        case 'company':
          return {
            ...e,
            name: disguise(e.name),
            ...(e.companyNumber === undefined ? {} : { companyNumber: disguise(e.companyNumber) }),
            addresses: (e.addresses ?? []).map(disguiseAddress),
          }
        case 'person':
          return { ...e, name: disguise(e.name), ...(e.dateOfBirth === undefined ? {} : { dateOfBirth: disguise(e.dateOfBirth) }) }
        case 'address':
          return { ...e, address: disguiseAddress(e.address) }
        default:
          return { ...e, value: disguise(e.value) }
      }
    }
    const disguised = compileRegister({ ...register, entities: register.entities.map(disguiseEntity) })
    for (const [field, supplier] of FIELDS) {
      const expected = screenSupplier(clean, supplier, scope)
      const got = screenSupplier(disguised, supplier, scope)
      t.equal(got.band, expected.band, `${name} in the register, supplier ${field}: same band`)
      t.equal(got.riskScore, expected.riskScore, `${name} in the register, supplier ${field}: same risk score`)
    }
  }
})
