import t from 'tap'
import { parseAddress } from '../../src/matching/normalise/address.js'
import { compareAddresses } from '../../src/matching/score/address-score.js'
import { defaultMatchingOptions as options } from '../../src/matching/tuning.js'

type Premises = { flat: string | null; number: string | null; street: string }

function premisesOf(lines: string[]): Premises {
  const parsed = parseAddress({ lines, postcode: 'G11 6AB' })
  return { flat: parsed.flat, number: parsed.number, street: parsed.street.join(' ') }
}

t.test('the same premises written different ways parse to the same flat, number and street', async (t) => {
  const groups: [string, Premises, string[][]][] = [
    [
      'Glasgow flat position before the building number',
      { flat: '2/1', number: '45', street: 'dumbarton road' },
      [
        ['Flat 2/1, 45 Dumbarton Road'],
        ['2/1 45 Dumbarton Road'],
        ['2/1, 45 Dumbarton Rd'],
        ['Flat 2/1', '45 Dumbarton Road'],
        ['45 Dumbarton Road', 'Flat 2/1'],
        ['Flat 2 / 1, 45 Dumbarton Road'],
        ['2F1 45 Dumbarton Road'],
        ['Flat 2F1, 45 Dumbarton Road'],
        ['Apartment 2/1, 45 Dumbarton Road'],
      ],
    ],
    ['Glasgow ground floor', { flat: '0/1', number: '12', street: 'gibson street' }, [['0/1, 12 Gibson St'], ['Flat 0/1', '12 Gibson Street']]],
    ['Glasgow position by side', { flat: '1/l', number: '14', street: 'gardner street' }, [['1/L 14 Gardner St'], ['Flat 1/L, 14 Gardner Street']]],
    [
      'Edinburgh number/flat with no number after it',
      { flat: '1', number: '23', street: 'byres road' },
      [['23/1 Byres Road'], ['Flat 1, 23 Byres Road'], ['Flat 1', '23 Byres Road']],
    ],
    [
      'flat on a line of its own',
      { flat: '3', number: '12', street: 'high street' },
      [
        ['Flat 3', '12 High Street'],
        ['Flat 3, 12 High Street'],
        ['12 High Street', 'Flat 3'],
        ['3', '12 High Street'],
        ['3, 12 High Street'],
        ['Apartment 3', '12 High St'],
        ['Apt 3, 12 High St'],
        ['Apt. 3', '12 High St.'],
        ['Flt 3 12 High St'],
        ['Flat No. 3', '12 High Street'],
      ],
    ],
    ['lettered flat', { flat: 'b', number: '12', street: 'high street' }, [['Flat B, 12 High Street'], ['Flat B', '12 High St'], ['Apt B 12 High Street']]],
    ['lettered building number', { flat: null, number: '12a', street: 'high street' }, [['12a High Street'], ['12A High St'], ['12 A High Street']]],
    ['unit on its own line', { flat: '4', number: null, street: 'canal street' }, [['Unit 4', 'Canal Street'], ['Unit 4, Canal St']]],
    ['suite', { flat: '5', number: '100', street: 'king street' }, [['Suite 5, 100 King Street'], ['Ste 5', '100 King St']]],
    [
      'floor given beside the flat',
      { flat: '5', number: '10', street: 'baker street' },
      [['Flat 5, 2nd Floor, 10 Baker Street'], ['Flat 5', 'Second Floor', '10 Baker St'], ['Flat 5, Floor 2, 10 Baker Street'], ['Flat 5', '10 Baker Street']],
    ],
    ['range of building numbers', { flat: null, number: '2', street: 'high street' }, [['2-4 High Street'], ['2\u20134 High St']]],
  ]
  for (const [name, expected, spellings] of groups) {
    for (const lines of spellings) t.same(premisesOf(lines), expected, `${name}: ${lines.join(' | ')}`)
  }
})

t.test('abbreviations from the public address forms expand to the same words', async (t) => {
  const cases: [string, string][] = [
    ['12 Kingsway Bldg', 'kingsway building'],
    ['12 Park Hts', 'park heights'],
    ['12 Station Sq', 'station square'],
    ['12 Mill Twr', 'mill tower'],
    ['12 Oak Terr', 'oak terrace'],
    ['Ind Est, 12 Mill Rd', 'industrial estate mill road'],
    ['Level 3, 12 King St', 'king street'],
  ]
  for (const [line, street] of cases) t.equal(parseAddress({ lines: [line] }).street.join(' '), street, line)
})

t.test('Glasgow and separate-line flats agree as the same premises, and other flats do not', async (t) => {
  const at = (lines: string[]): ReturnType<typeof parseAddress> => parseAddress({ lines, town: 'Glasgow', postcode: 'G11 6AB' })
  const cases: [string, string[], string[], number][] = [
    ['Glasgow forms', ['Flat 2/1, 45 Dumbarton Road'], ['2/1 45 Dumbarton Rd'], options.addressFullScore],
    ['flat on its own line', ['Flat 3', '45 Dumbarton Road'], ['3, 45 Dumbarton Road'], options.addressFullScore],
    ['same building, another floor (hard negative)', ['Flat 2/1, 45 Dumbarton Road'], ['Flat 1/1, 45 Dumbarton Road'], options.addressFlatConflictScore],
    ['same building, another side (hard negative)', ['1/L 45 Dumbarton Road'], ['1/R 45 Dumbarton Road'], options.addressFlatConflictScore],
    ['Glasgow position is not the building number (hard negative)', ['2/1 45 Dumbarton Road'], ['2 Dumbarton Road'], options.addressNumberConflictScore],
  ]
  for (const [name, a, b, score] of cases) t.equal(compareAddresses(at(a), at(b), options).score, score, name)
})
