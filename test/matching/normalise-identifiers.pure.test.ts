import t from 'tap'
import { canonicalPostcode, postcodeOutward } from '../../src/matching/normalise/postcode.js'
import { canonicalCompanyNumber } from '../../src/matching/normalise/company-number.js'
import { phoneToE164, phoneToE164ViaLibrary } from '../../src/matching/normalise/phone.js'
import { canonicalDomain, canonicalEmail } from '../../src/matching/normalise/email.js'

type Case<I, O> = readonly [input: I, expected: O]

const HUGE = 'A1'.repeat(50_000)

t.test('postcodes in every official format canonicalise to upper case with one space', async (t) => {
  const cases: Case<string, string>[] = [
    ['m54xj', 'M5 4XJ'],
    [' sw1a1aa ', 'SW1A 1AA'],
    ['SW1A 1AA', 'SW1A 1AA'],
    ['M1 1AE', 'M1 1AE'], // AN NAA
    ['B33 8TH', 'B33 8TH'], // ANN NAA
    ['W1A 0AX', 'W1A 0AX'], // ANA NAA
    ['CR2 6XH', 'CR2 6XH'], // AAN NAA
    ['DN55 1PT', 'DN55 1PT'], // AANN NAA
    ['EC1A 1BB', 'EC1A 1BB'], // AANA NAA
    ['ec1a1bb', 'EC1A 1BB'],
    ['GIR 0AA', 'GIR 0AA'],
    ['gir0aa', 'GIR 0AA'],
    ['BF1 4FB', 'BF1 4FB'],
    ['BFPO 105', 'BFPO 105'],
    ['bfpo1', 'BFPO 1'],
    ['M5\u00A04XJ', 'M5 4XJ'], // no-break space pasted from a document
    ['  M5   4XJ  ', 'M5 4XJ'],
    ['\tM5 4XJ\n', 'M5 4XJ'],
    ['E1W 1AA', 'E1W 1AA'],
    ['NW1W 7AA', 'NW1W 7AA'],
  ]
  for (const [input, expected] of cases) t.equal(canonicalPostcode(input), expected, JSON.stringify(input))
})

t.test('strings that are not postcodes are rejected', async (t) => {
  const cases: string[] = [
    '',
    '   ',
    'M5',
    '4XJ',
    'M5 4X',
    'M5 4XJJ',
    'QA1 1AA', // Q never first
    'VA1 1AA',
    'XM4 5HQ', // non-geographic, X first
    'AI1 1AA', // I never second
    'AZ1 1AA',
    'M5 4CJ', // C never in inward code
    'M5 4IJ',
    'M5 4XK',
    'M5 4XO',
    'M5 AXJ',
    'W1I 0AX', // I not a valid third letter
    'EC1C 1BB', // C not a valid fourth letter
    'M5-4XJ',
    'M5.4XJ',
    'M5 4XJ\u0000',
    'GIR 0AB',
    'BFPO 12345',
    'BFPO',
    'ASCN 1ZZ', // overseas territory, not GB
    'SW1A 1AA SW1A 1AA',
    HUGE,
    '１２３', // full-width digits
  ]
  for (const input of cases) t.equal(canonicalPostcode(input), null, JSON.stringify(input.slice(0, 40)))
})

t.test('the outward code is everything before the space', async (t) => {
  const cases: Case<string, string>[] = [
    ['M5 4XJ', 'M5'],
    ['SW1A 1AA', 'SW1A'],
    ['DN55 1PT', 'DN55'],
    ['GIR 0AA', 'GIR'],
    ['BFPO 105', 'BFPO'],
    ['M5', 'M5'],
  ]
  for (const [input, expected] of cases) t.equal(postcodeOutward(input), expected, input)
})

t.test('company numbers canonicalise to 8 characters with their prefix', async (t) => {
  const cases: Case<string, string>[] = [
    ['09876543', '09876543'],
    ['9876543', '09876543'],
    ['445790', '00445790'],
    ['1', '00000001'],
    [' 0987 6543 ', '09876543'],
    ['SC123456', 'SC123456'],
    ['sc123456', 'SC123456'],
    ['SC 12345', 'SC012345'],
    ['NI012345', 'NI012345'],
    ['ni 12345', 'NI012345'],
    ['OC301234', 'OC301234'],
    ['oc1', 'OC000001'],
    ['SO300001', 'SO300001'],
    ['NC000123', 'NC000123'],
    ['LP012345', 'LP012345'],
    ['SL001234', 'SL001234'],
    ['NL000123', 'NL000123'],
    ['R0000123', 'R0000123'],
    ['r0123', 'R0000123'],
    ['FC012345', 'FC012345'],
    ['SF000123', 'SF000123'],
    ['NF000123', 'NF000123'],
    ['IP012345', 'IP012345'],
    ['SP001234', 'SP001234'],
    ['RC000123', 'RC000123'],
    ['SR000123', 'SR000123'],
    ['NR000123', 'NR000123'],
    ['NO000123', 'NO000123'],
    ['GE000123', 'GE000123'],
    ['BR012345', 'BR012345'],
    ['ZC000123', 'ZC000123'],
  ]
  for (const [input, expected] of cases) t.equal(canonicalCompanyNumber(input), expected, input)
})

t.test('strings that are not company numbers are rejected', async (t) => {
  const cases: string[] = [
    '',
    '   ',
    '123456789', // nine digits
    '00000000',
    '0',
    'SC1234567', // prefix + 7 digits
    'SC',
    'SC000000',
    'XX123456', // unknown prefix
    'RS00592C', // breaks the 2 + 6 pattern
    'SC12345A',
    '12-345-678',
    '0987654\u0000',
    'S1234567',
    '１２３４５６７８', // full-width digits
    HUGE,
    'Northern Paving Ltd',
  ]
  for (const input of cases) t.equal(canonicalCompanyNumber(input), null, JSON.stringify(input.slice(0, 40)))
})

t.test('possible phone numbers become E.164', async (t) => {
  const cases: Case<readonly [string, string?], string>[] = [
    [['0161 496 0000'], '+441614960000'],
    [['01614960000'], '+441614960000'],
    [['+44 161 496 0000'], '+441614960000'],
    [['+44 (0)161 496 0000'], '+441614960000'],
    [['0044 161 496 0000'], '+441614960000'],
    [['(0161) 496-0000'], '+441614960000'],
    [['020 7946 0958'], '+442079460958'],
    [['07700 900123'], '+447700900123'],
    [['+447700900123'], '+447700900123'],
    [['0800 123 4567'], '+448001234567'],
    [['0161 496 0000 ext. 12'], '+441614960000'],
    [['+1 202 555 0143'], '+12025550143'],
    [['+353 1 234 5678'], '+35312345678'],
    [['01 234 5678', 'IE'], '+35312345678'],
    [['01 234 5678', 'ie'], '+35312345678'],
    [['202-555-0143', 'US'], '+12025550143'],
  ]
  for (const [[raw, country], expected] of cases) {
    const got = country === undefined ? phoneToE164(raw) : phoneToE164(raw, country)
    t.equal(got, expected, `${raw} (${country ?? 'GB'})`)
  }
})

t.test('impossible phone numbers are rejected', async (t) => {
  const cases: string[] = [
    '',
    '   ',
    '123',
    'abc',
    'not a phone',
    '0161 49',
    '01',
    '0161 496 0000 0000 0000',
    '+44',
    '+999 1234 5678', // no such country code
    '0161\u0000 496 0000',
    '0161 496 0000\u001b[31m',
    HUGE,
  ]
  for (const input of cases) t.equal(phoneToE164(input), null, JSON.stringify(input.slice(0, 40)))
  t.equal(phoneToE164('0161 496 0000', 'XX'), null, 'an unknown default country cannot read a national number')
})

t.test('e-mail addresses are trimmed, lower-cased and syntax-checked', async (t) => {
  const cases: Case<string, string>[] = [
    ['accounts@northernpaving.example', 'accounts@northernpaving.example'],
    ['Accounts@NorthernPaving.Example', 'accounts@northernpaving.example'],
    ['  a.b+tag@ex-ample.co.uk \n', 'a.b+tag@ex-ample.co.uk'],
    ["o'connor@example.com", "o'connor@example.com"],
    ['first_last@sub.domain.example.org', 'first_last@sub.domain.example.org'],
    ['x@münchen.de', 'x@xn--mnchen-3ya.de'],
    ['x@example.com.', 'x@example.com'],
    ['1234@example.com', '1234@example.com'],
    ['mailto:Accounts@NorthernPaving.example', 'accounts@northernpaving.example'],
    ['MAILTO: accounts@northernpaving.example', 'accounts@northernpaving.example'],
    ['<accounts@northernpaving.example>', 'accounts@northernpaving.example'],
  ]
  for (const [input, expected] of cases) t.equal(canonicalEmail(input), expected, JSON.stringify(input))
})

t.test('strings that are not e-mail addresses are rejected', async (t) => {
  const cases: string[] = [
    '',
    '   ',
    'plainaddress',
    '@example.com',
    'user@',
    'user@localhost',
    'user@@example.com',
    'a..b@example.com',
    '.a@example.com',
    'a.@example.com',
    'a b@example.com',
    'a@exa mple.com',
    'a@-example.com',
    'a@example-.com',
    'a@10.0.0.1',
    'a@[10.0.0.1]',
    '"quoted"@example.com',
    'a@example.com\u0000',
    'a\u0007@example.com',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(64)}.com`,
    `${'a'.repeat(60)}@${'b.'.repeat(100)}com`,
    HUGE,
  ]
  for (const input of cases) t.equal(canonicalEmail(input), null, JSON.stringify(input.slice(0, 40)))
})

t.test('domains come from URLs, e-mail addresses or bare host names', async (t) => {
  const cases: Case<string, string>[] = [
    ['northernpaving.example', 'northernpaving.example'],
    ['www.northernpaving.example', 'northernpaving.example'],
    ['WWW.NorthernPaving.Example', 'northernpaving.example'],
    ['https://www.example.co.uk/about?x=1#top', 'example.co.uk'],
    ['http://example.co.uk', 'example.co.uk'],
    ['HTTP://EXAMPLE.CO.UK/', 'example.co.uk'],
    ['//example.com/path', 'example.com'],
    ['example.com/path', 'example.com'],
    ['example.com:8080', 'example.com'],
    ['http://user:pw@example.com:8080/x', 'example.com'],
    ['accounts@northernpaving.example', 'northernpaving.example'],
    ['mailto:accounts@example.com', 'example.com'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['bücher.example.', 'xn--bcher-kva.example'],
    ['shop.www.example.com', 'shop.www.example.com'],
    ['  example.org  ', 'example.org'],
  ]
  for (const [input, expected] of cases) t.equal(canonicalDomain(input), expected, JSON.stringify(input))
})

t.test('strings without a valid host name are rejected', async (t) => {
  const cases: string[] = [
    '',
    '   ',
    'example',
    'localhost',
    'www.',
    'http://',
    '192.168.0.1',
    'http://10.0.0.1/',
    'exa mple.com',
    '-bad.example',
    'bad-.example',
    'under_score.example',
    'example..com',
    '.example.com',
    'example.com\u0000',
    'exam\u0007ple.com',
    `${'a'.repeat(64)}.com`,
    `${'abc.'.repeat(70)}com`,
    HUGE,
    'http://[::1]/',
  ]
  for (const input of cases) t.equal(canonicalDomain(input), null, JSON.stringify(input.slice(0, 40)))
})

t.test('the UK phone shortcut gives exactly the library answer', async (t) => {
  // Seeded fuzz over the shapes the shortcut handles and their near misses.
  let state = 20_261_125
  const next = (n: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    return (state >>> 8) % n
  }
  const prefixes = ['0', '+44', '+44 (0)', '+44 0', '0044', '+440', '(0', '00', '+', '', '+4', '0 ', '(+44)', ' +44', '++44']
  const separators = ['', ' ', '-', '.', '  ', '(', ')', '/', 'x']
  const countries = ['GB', 'GB', 'US', 'IE', 'JE']
  let mismatches = 0
  for (let i = 0; i < 5_000; i += 1) {
    let s = prefixes[next(prefixes.length)] ?? ''
    const digits = next(13)
    for (let k = 0; k < digits; k += 1) {
      s += String(next(10))
      if (next(4) === 0) s += separators[next(separators.length)] ?? ''
    }
    const country = countries[next(countries.length)] ?? 'GB'
    const fast = phoneToE164(s, country)
    const reference = phoneToE164ViaLibrary(s, country)
    if (fast !== reference) {
      mismatches += 1
      t.equal(fast, reference, `${JSON.stringify(s)} (${country})`)
    }
  }
  t.equal(mismatches, 0)
})
