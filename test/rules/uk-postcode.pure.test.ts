import t from 'tap'
import { UK_POSTCODE_COUNTRIES, canonicalUkPostcode, usesUkPostcodes } from '../../src/rules/uk-postcode.js'
import { canonicalPostcode } from '../../src/matching/index.js'
import { parseJsonWatchlist } from '../../src/register/parse-json-watchlist.js'
import { group, json } from '../helpers/upload-error-cases.js'

t.test('the countries whose addresses carry Royal Mail postcodes', async (t) => {
  const cases: [string, boolean][] = [
    ['GB', true],
    ['gb', true],
    ['UK', true], // read as GB, in the matcher as in the register
    ['GG', true],
    ['JE', true],
    ['IM', true],
    [' je ', true],
    ['IE', false],
    ['FR', false],
    ['GI', false], // Gibraltar has its own GX11 postcode
    ['XX', false],
    ['', false],
  ]
  for (const [country, expected] of cases) t.equal(usesUkPostcodes(country), expected, country)
  t.same([...UK_POSTCODE_COUNTRIES].sort(), ['GB', 'GG', 'IM', 'JE'])
})

t.test('a UK postcode in its canonical form, or null', async (t) => {
  const cases: [string, string | null][] = [
    ['M5 4XJ', 'M5 4XJ'],
    ['m54xj', 'M5 4XJ'],
    ['SW1A 1AA', 'SW1A 1AA'],
    ['sw1a1aa', 'SW1A 1AA'],
    ['EC1A\u00A01BB', 'EC1A 1BB'],
    ['JE2 4ST', 'JE2 4ST'],
    ['GY1 1AA', 'GY1 1AA'],
    ['IM1 1AA', 'IM1 1AA'],
    ['GIR 0AA', 'GIR 0AA'],
    ['BFPO 105', 'BFPO 105'],
    ['bfpo1234', 'BFPO 1234'],
    ['QA1 1AA', null], // Q never starts a postcode
    ['M5 4CJ', null], // C never in the inward code
    ['ASCN 1ZZ', null], // an overseas territory
    ['BFPO 12345', null],
    ['D02 X285', null], // an Eircode
    ['NOPE', null],
    ['', null],
    [`M5 4XJ${' '.repeat(40)}`, null],
  ]
  for (const [raw, expected] of cases) {
    t.equal(canonicalUkPostcode(raw), expected, `${JSON.stringify(raw)}: the rule`)
    t.equal(canonicalPostcode(raw), expected, `${JSON.stringify(raw)}: the matcher`)
  }
  t.equal(canonicalPostcode('M5\u200B 4XJ'), 'M5 4XJ', 'the matcher removes invisible characters first')
})

t.test('the register checks postcodes where the country uses them, and keys them as the matcher does', async (t) => {
  // [country, postcode, canonical key; null when not a UK address; undefined when refused]
  const cases: [string | undefined, string, string | null | undefined][] = [
    [undefined, 'm54xj', 'M5 4XJ'],
    ['GB', 'm54xj', 'M5 4XJ'],
    ['UK', 'm54xj', 'M5 4XJ'],
    ['JE', 'je2 4st', 'JE2 4ST'],
    ['IM', 'IM1 1AA', 'IM1 1AA'],
    ['GB', 'NOPE', undefined],
    ['JE', 'NOPE', undefined],
    ['IE', 'D02 X285', null],
    ['FR', '75001', null],
  ]
  for (const [country, postcode, key] of cases) {
    const address = country === undefined ? { lines: ['1 High St'], postcode } : { lines: ['1 High St'], postcode, country }
    const result = await parseJsonWatchlist(json([group([{ type: 'address', address }])]))
    const name = `${country ?? '(no country)'} ${postcode}`
    if (key === undefined) {
      t.match(result, { ok: false, errors: [{ code: 'INVALID_POSTCODE' }] }, name)
    } else {
      t.match(result, { ok: true, content: { groups: [{ entities: [{ address: { postcode, postcodeKey: key } }] }] } }, name)
    }
  }
})
