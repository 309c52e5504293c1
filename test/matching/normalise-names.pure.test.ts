import t from 'tap'
import { parseCompanyName } from '../../src/matching/normalise/company-name.js'
import { digitiseNumbers } from '../../src/matching/normalise/number-words.js'
import { parsePersonName } from '../../src/matching/normalise/person-name.js'

t.test('company legal forms are recognised and set aside as a qualifier', async (t) => {
  const cases: [string, string, string][] = [
    ['Northern Paving Solutions Ltd', 'northern paving solution', 'Ltd'],
    ['Northern Paving Solutions Limited', 'northern paving solution', 'Ltd'],
    ['Northern Paving Solutions Ltd.', 'northern paving solution', 'Ltd'],
    ['Acme PLC', 'acme', 'PLC'],
    ['Acme p.l.c.', 'acme', 'PLC'],
    ['Acme Public Limited Company', 'acme', 'PLC'],
    ['Canal Partners LLP', 'canal partner', 'LLP'],
    ['Salford Food Bank CIC', 'salford food bank', 'CIC'],
    ['Salford Food Bank Community Interest Company', 'salford food bank', 'CIC'],
    ['Siemens AG', 'siemens', 'AG'],
    ['Müller Bau GmbH', 'muller bau', 'GmbH'],
    ['Nowak Budownictwo Sp. z o.o.', 'nowak budownictwo', 'Sp. z o.o.'],
    ['Rossi Costruzioni SRL', 'rossi costruzioni', 'SRL'],
    ['Van Dijk Bouw BV', 'van dijk bouw', 'BV'],
    ['Trafigura Group Pte. Ltd.', 'trafigura group', 'Pte Ltd'],
    ['Limited Liability Company Iskusstvo Krasoty', 'iskusstvo krasoty', 'LLC'],
    ['Smith & Sons', 'smith and sons', ''],
  ]
  for (const [raw, tokens, form] of cases) {
    const parsed = parseCompanyName(raw, 12)
    t.equal(parsed.tokens.map((x) => x.text).join(' '), tokens, `${raw}: words`)
    t.equal(parsed.legalForms.map((f) => f.display).join(' '), form, `${raw}: legal form`)
  }
})

t.test('a name made only of a legal form keeps its word', async (t) => {
  t.equal(parseCompanyName('Limited', 12).tokens.length, 1)
  t.equal(parseCompanyName('', 12).tokens.length, 0)
})

t.test('company descriptors are unified and flagged generic', async (t) => {
  const cases: [string, string, boolean][] = [
    ['Acme Corp', 'acme', false],
    ['Northern Services', 'service', true],
    ['Northern Holdings', 'holding', true],
    ['Northern Paving', 'paving', false],
  ]
  for (const [raw, last, generic] of cases) {
    const tokens = parseCompanyName(raw, 12).tokens
    const token = tokens[tokens.length - 1]!
    t.equal(token.text, last, raw)
    t.equal(token.generic, generic, `${raw} generic`)
  }
})

t.test('numbers written as words, ordinals and Roman numerals become digits', async (t) => {
  const cases: [string[], string[]][] = [
    [
      ['first', 'international'],
      ['1', 'international'],
    ],
    [
      ['1st', 'international'],
      ['1', 'international'],
    ],
    [['forty', 'four'], ['44']],
    [['fourty', 'four'], ['44']],
    [
      ['partners', 'vii'],
      ['partners', '7'],
    ],
    [
      ['fund', 'xiii'],
      ['fund', '13'],
    ],
    [['i'], ['i']],
    [['civil'], ['civil']],
    // Words that are also names of Object.prototype members stay words.
    [
      ['constructor', 'services'],
      ['constructor', 'services'],
    ],
    [
      ['twenty', 'valueof'],
      ['20', 'valueof'],
    ],
  ]
  for (const [words, expected] of cases) t.same(digitiseNumbers(words), expected, words.join(' '))
})

t.test('person names lose titles and post-nominals and put "SURNAME, First" in order', async (t) => {
  const cases: [string, string][] = [
    ['Mr John Smith', 'john smith'],
    ['Dr. Jane Doe', 'jane doe'],
    ['Rt Hon Sir Keir Starmer KC', 'keir starmer'],
    ['SMITH, John Paul', 'john paul smith'],
    ["O'CONNOR, Daniel James", 'daniel james oconnor'],
    ['Cllr Ahmed Khan', 'ahmed khan'],
    ['John Smith Jr', 'john smith'],
    ['Mr', 'mr'],
    ['Владимир Путин', 'vladimir putin'],
    ['  ', ''],
  ]
  for (const [raw, expected] of cases)
    t.equal(
      parsePersonName(raw, 12)
        .tokens.map((x) => x.text)
        .join(' '),
      expected,
      raw,
    )
})

t.test('person name parts carry initials, particles, nicknames and phonetic keys', async (t) => {
  const [j, , smith] = parsePersonName('J. A. Smith', 12).tokens
  t.ok(j?.initial, 'J is an initial')
  t.notOk(smith?.initial)
  const bin = parsePersonName('Osama bin Laden', 12).tokens[1]
  t.ok(bin?.particle, 'bin is a particle')
  t.ok(parsePersonName('Bill Smith', 12).tokens[0]?.canonicals.includes('william'), 'Bill is a form of William')
  t.ok(parsePersonName('Danny Smith', 12).tokens[0]?.canonicals.includes('daniel'), 'Danny is a form of Daniel')
  const mo = parsePersonName('Mohammed', 12).tokens[0]?.phonetic ?? []
  const mu = parsePersonName('Muhammad', 12).tokens[0]?.phonetic ?? []
  t.ok(
    mo.some((k) => mu.includes(k)),
    'Mohammed and Muhammad share a phonetic key',
  )
  t.ok(
    parsePersonName('高市早苗', 12).tokens.every((x) => x.syllabic),
    'Han characters are syllables',
  )
})

t.test('name parts are capped so a 10,000-character name stays cheap', async (t) => {
  const long = 'word '.repeat(2000)
  t.equal(parsePersonName(long, 12).tokens.length, 12)
  t.equal(parseCompanyName(long, 12).tokens.length, 12)
})
