import t from 'tap'
import { ISO_COUNTRY_CODES, canonicalCountry } from '../../src/rules/countries.js'
import { countryCode } from '../../src/rules/schemas.js'
import { parseJsonWatchlist } from '../../src/register/parse-json-watchlist.js'
import { supplierSchema } from '../../src/screening/supplier-schema.js'
import { group, json, person } from '../helpers/upload-error-cases.js'

// [value, canonical code or null when refused]
const CASES: [string, string | null][] = [
  ['GB', 'GB'],
  ['gb', 'GB'],
  ['Gb', 'GB'],
  ['UK', 'GB'], // reserved by ISO for the United Kingdom, and what people write
  ['uk', 'GB'],
  ['IE', 'IE'],
  ['JE', 'JE'],
  ['GG', 'GG'],
  ['IM', 'IM'],
  ['XK', 'XK'], // Kosovo, user-assigned, used by UK agencies
  ['US', 'US'],
  ['XX', null], // two letters, but no country: the supplier schema used to accept it
  ['ZZ', null],
  ['EU', null],
  ['EN', null],
  ['GBR', null], // alpha-3 is not accepted
  ['Britain', null],
  ['G', null],
  ['G1', null],
  ['', null],
]

t.test('one country rule for suppliers and the register', async (t) => {
  for (const [value, expected] of CASES) {
    t.equal(canonicalCountry(value), expected, `${value}: the rule`)
    const supplier = supplierSchema.safeParse({
      name: 'X',
      addresses: [{ lines: ['1 High St'], country: value }],
      people: [{ name: 'A B', nationality: value }],
    })
    t.equal(supplier.success, expected !== null, `${value}: a supplier's`)
    if (supplier.success) {
      t.equal(supplier.data.addresses?.[0]?.country, expected, `${value}: a supplier's address country, canonical`)
      t.equal(supplier.data.people?.[0]?.nationality, expected, `${value}: a supplier's nationality, canonical`)
    }
    if (value === '') continue // blank is an absent country in an upload
    const upload = await parseJsonWatchlist(json([group([person({ nationality: value, addresses: [{ lines: ['1 High St'], country: value }] })])]))
    t.equal(upload.ok, expected !== null, `${value}: the register's`)
    if (upload.ok) t.match(upload.content.groups[0]?.entities[0], { nationality: expected, addresses: [{ country: expected }] }, `${value}: stored canonical`)
  }
})

t.test('the list holds the 249 assigned codes and Kosovo', async (t) => {
  t.equal(ISO_COUNTRY_CODES.size, 250)
  for (const code of ISO_COUNTRY_CODES) t.match(code, /^[A-Z]{2}$/, code)
  t.equal(countryCode().safeParse(' ie ').data, 'IE', 'the API field trims and upper-cases')
})
