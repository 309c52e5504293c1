import t from 'tap'
import type { Band, Supplier } from '../../src/matching/index.js'
import { supplierValueKeys } from '../../src/tenders/shared-value-history.js'
import { compareTenderBidders, type TenderBidder } from '../../src/tenders/tender-links.js'

const director = { name: 'Marek Tomasz Kowalczyk', dateOfBirth: '1975-06-21' }
const office = { lines: ['27 Old Gloucester Street'], town: 'London', postcode: 'wc1n3ax' }

const bidder = (i: number, supplier: Supplier, band: Band = 'none'): TenderBidder => ({
  screeningId: `scr_${i}`,
  reference: null,
  supplierName: supplier.name,
  band,
  supplier,
})
// The authority's history, as the database would count it: `widely` given by fifty suppliers, every other value by two.
const history = (widely: readonly string[]) => async (keys: ReadonlySet<string>) => new Map([...keys].map((k) => [k, widely.includes(k) ? 50 : 2]))

t.test('a supplier’s values are keyed as the matcher compares them', async (t) => {
  const keys = supplierValueKeys({
    name: 'Pennine Surfacing Ltd',
    addresses: [office, { lines: ['Somewhere'], town: 'Leeds' }],
    phones: ['0161 496 0000', 'not a phone'],
    emails: ['Bids@Pennine.Example'],
    website: 'https://www.pennine.example/about',
  })
  t.same(
    [...keys].sort(),
    ['domain:pennine.example', 'email:bids@pennine.example', 'premises:WC1N 3AX|27', 'tel:+441614960000'],
    'premises by postcode and number, phone as E.164, e-mail and domain lower-cased; an address without a building has no key',
  )
})

t.test('the tender’s band', async (t) => {
  const pairSharing = (bands: [Band, Band], supplierA: Partial<Supplier>, supplierB: Partial<Supplier>) => [
    bidder(0, { name: 'Pennine Surfacing Ltd', ...supplierA }, bands[0]),
    bidder(1, { name: 'Irwell Civil Engineering Ltd', ...supplierB }, bands[1]),
  ]
  const cases: { name: string; bidders: TenderBidder[]; widely?: string[]; link: Band; tender: Band }[] = [
    { name: 'no shared value', bidders: pairSharing(['none', 'none'], {}, {}), link: 'none', tender: 'none' },
    {
      name: 'a shared director with a full date of birth',
      bidders: pairSharing(['none', 'none'], { people: [director] }, { people: [director] }),
      link: 'high',
      tender: 'high',
    },
    {
      name: 'a shared office that the authority’s suppliers give widely: weak',
      bidders: pairSharing(['none', 'none'], { addresses: [office] }, { addresses: [office] }),
      widely: ['premises:WC1N 3AX|27'],
      link: 'low',
      tender: 'low',
    },
    {
      name: 'the same office, but one bidder hits the register: raised one band, to at least medium',
      bidders: pairSharing(['high', 'none'], { addresses: [office] }, { addresses: [office] }),
      widely: ['premises:WC1N 3AX|27'],
      link: 'low',
      tender: 'medium',
    },
    {
      name: 'an office only these two gave: strong enough alone for medium',
      bidders: pairSharing(['none', 'none'], { addresses: [office] }, { addresses: [office] }),
      link: 'medium',
      tender: 'medium',
    },
    {
      name: 'that office and a bidder that hits the register: high',
      bidders: pairSharing(['none', 'medium'], { addresses: [office] }, { addresses: [office] }),
      link: 'medium',
      tender: 'high',
    },
  ]
  for (const c of cases) {
    const result = await compareTenderBidders(c.bidders, history(c.widely ?? []))
    t.equal(result.items[0]?.band ?? 'none', c.link, `${c.name}: link ${c.link}`)
    t.equal(result.band, c.tender, `${c.name}: tender ${c.tender}`)
  }
})

t.test('a value three bidders hold is weak by the matcher’s own count, said in bidders', async (t) => {
  const phone = '0161 496 0999'
  const bidders = ['Pennine Surfacing Ltd', 'Irwell Civil Engineering Ltd', 'Medlock Plant Hire Ltd'].map((name, i) => bidder(i, { name, phones: [phone] }))
  const result = await compareTenderBidders(bidders, history([]))
  t.equal(result.items.length, 3, 'every pair shares it')
  for (const item of result.items) {
    const [shared] = item.shared
    t.equal(shared?.weak, true)
    t.match(shared?.reasons.map((r) => r.detail).join('; ') ?? '', /given by 3 bidders of this tender/)
  }
  t.equal(result.band, 'low')
})
