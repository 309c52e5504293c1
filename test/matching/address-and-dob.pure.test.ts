import t from 'tap'
import { parseAddress } from '../../src/matching/normalise/address.js'
import { parseDateOfBirth } from '../../src/matching/normalise/date-of-birth.js'
import { compareAddresses } from '../../src/matching/score/address-score.js'
import { compareDatesOfBirth } from '../../src/matching/score/date-of-birth-score.js'
import { defaultMatchingOptions as options } from '../../src/matching/tuning.js'
import type { Address } from '../../src/matching/types.js'

t.test('addresses separate postcode, flat or unit, building number, street and town', async (t) => {
  const cases: [Address, Partial<ReturnType<typeof parseAddress>>][] = [
    [
      { lines: ['Unit 4, Canal Street'], town: 'Salford', postcode: 'm54xj' },
      { postcode: 'M5 4XJ', outward: 'M5', flat: '4', number: null, street: ['canal', 'street'] },
    ],
    [
      { lines: ['12 Canal St'], town: 'Salford', postcode: 'M5 4XJ' },
      { number: '12', street: ['canal', 'street'], town: ['salford'] },
    ],
    [
      { lines: ['Flat 3', '27a Kingsway Rd'], postcode: 'SW1A 2AA' },
      { flat: '3', number: '27a', street: ['kingsway', 'road'] },
    ],
    [{ lines: ['10 Downing Street', 'London SW1A 2AA'] }, { postcode: 'SW1A 2AA', number: '10', street: ['downing', 'street', 'london'] }],
    [
      { lines: ['5 Oak Ave'], town: 'Leeds', postcode: 'not a postcode' },
      { postcode: null, street: ['oak', 'avenue'] },
    ],
    [
      { lines: ['3 Light Street'], postcode: '3212', country: 'AU' },
      { postcode: 'AU 3212', outward: null },
    ],
    [{ lines: ['1 High St'], uprn: '000100023336956' }, { uprn: '100023336956' }],
    [{}, { postcode: null, number: null, street: [] }],
  ]
  for (const [address, expected] of cases) t.match(parseAddress(address), expected, JSON.stringify(address))
  // A compile parses with one shared table of words: the same results, each word kept once.
  const shared = new Map<string, string>()
  for (const [address] of cases) t.same(parseAddress(address, shared), parseAddress(address), `shared words: ${JSON.stringify(address)}`)
  t.ok(
    shared.has('canal') && shared.has('salford') && shared.has('M5') && shared.has('M5 4XJ'),
    'street and town words, outward codes and postcodes are shared',
  )
})

t.test('address agreement tells same premises from same street or same postcode', async (t) => {
  const a = (lines: string[], postcode?: string, town?: string, uprn?: string): ReturnType<typeof parseAddress> =>
    parseAddress({ lines, ...(postcode === undefined ? {} : { postcode }), ...(town === undefined ? {} : { town }), ...(uprn === undefined ? {} : { uprn }) })
  const cases: [string, ReturnType<typeof parseAddress>, ReturnType<typeof parseAddress>, number][] = [
    ['same number and postcode', a(['12 Canal Street'], 'M5 4XJ'), a(['12 Canal St'], 'm54xj'), options.addressFullScore],
    ['same unit and postcode', a(['Unit 4, Canal Street'], 'M5 4XJ'), a(['Unit 4 Canal St'], 'M5 4XJ'), options.addressFullScore],
    ['same building, different flat', a(['Flat 1, 12 Canal Street'], 'M5 4XJ'), a(['Flat 2, 12 Canal Street'], 'M5 4XJ'), options.addressFlatConflictScore],
    ['same postcode, different number (hard negative)', a(['12 Canal Street'], 'M5 4XJ'), a(['14 Canal Street'], 'M5 4XJ'), options.addressNumberConflictScore],
    ['same street, different number and postcode (hard negative)', a(['12 Canal Street'], 'M5 4XJ', 'Salford'), a(['40 Canal Street'], 'M5 3AB', 'Salford'), 0],
    ['same postcode, number on one side only, same street', a(['Canal Street'], 'M5 4XJ'), a(['12 Canal Street'], 'M5 4XJ'), options.addressNoNumberScore],
    ['same postcode only', a(['Mill House'], 'M5 4XJ'), a(['12 Canal Street'], 'M5 4XJ'), options.addressPostcodeOnlyScore],
    [
      'no postcode, street number and town agree',
      a(['12 Canal Street'], undefined, 'Salford'),
      a(['12 Canal St'], undefined, 'Salford'),
      options.addressNoPostcodeScore,
    ],
    ['no postcode, different number', a(['12 Canal Street'], undefined, 'Salford'), a(['13 Canal St'], undefined, 'Salford'), 0],
    ['same UPRN', a(['x'], undefined, undefined, '100023336956'), a(['y'], undefined, undefined, '100023336956'), options.addressUprnScore],
    ['different UPRN, same postcode and number', a(['12 Canal Street'], 'M5 4XJ', undefined, '1'), a(['12 Canal Street'], 'M5 4XJ', undefined, '2'), 0],
  ]
  for (const [name, x, y, score] of cases) t.equal(compareAddresses(x, y, options).score, score, name)
})

t.test('dates of birth parse at the precision given', async (t) => {
  const cases: [string | undefined, { year: number; month: number | null; day: number | null } | null][] = [
    ['1981', { year: 1981, month: null, day: null }],
    ['1981-03', { year: 1981, month: 3, day: null }],
    ['1981-03-14', { year: 1981, month: 3, day: 14 }],
    ['19810314', { year: 1981, month: 3, day: 14 }],
    ['14/03/1981', { year: 1981, month: 3, day: 14 }],
    ['1981-13', null],
    ['1981-02-40', null],
    ['yesterday', null],
    ['', null],
    [undefined, null],
  ]
  for (const [raw, expected] of cases) t.match(parseDateOfBirth(raw), expected, String(raw))
})

t.test('date-of-birth agreement raises or lowers a person score by precision', async (t) => {
  const d = (raw: string): NonNullable<ReturnType<typeof parseDateOfBirth>> => parseDateOfBirth(raw)!
  const cases: [string, string, number][] = [
    ['1981-03-14', '1981-03-14', options.dobExactBonus],
    ['1981-03', '1981-03-14', options.dobYearMonthBonus],
    ['1981', '1981-03-14', options.dobYearBonus],
    ['1981-04-03', '1981-03-04', options.dobSwapBonus],
    ['1981-03-14', '1981-03-15', 0],
    ['1981-03-14', '1981-03-28', -options.dobDayConflictPenalty],
    ['1981-05', '1981-03-14', -options.dobDayConflictPenalty],
    ['1985-03-14', '1981-03-14', -options.dobYearConflictPenalty],
    ['1991', '1981', -options.dobYearConflictPenalty],
    ['1981-03-14', '1981-03-13', 0],
  ]
  for (const [a, b, adjust] of cases) t.equal(compareDatesOfBirth(d(a), d(b), options).adjust, adjust, `${a} vs ${b}`)
})
