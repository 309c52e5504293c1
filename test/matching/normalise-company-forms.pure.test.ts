import t from 'tap'
import { compareNames } from '../../src/matching/compare-names.js'
import { parseCompanyName, splitTradingAs } from '../../src/matching/normalise/company-name.js'
import { abbreviates } from '../../src/matching/text/abbreviation.js'

const words = (raw: string): string =>
  parseCompanyName(raw, 12)
    .tokens.map((x) => x.text)
    .join(' ')

t.test('names with several abbreviations at once normalise to the words written out', async (t) => {
  const cases: [string, string][] = [
    ['Intl Bldg Svcs Ltd', 'International Building Services Limited'],
    ['Northern Constr & Eng Co', 'Northern Construction and Engineering Company'],
    ['Smith Bros Mgmt Ltd', 'Smith Brothers Management Limited'],
    ['Acme Tech Solns Ltd', 'Acme Technology Solutions Ltd'],
    ['Pennine Elec Contrs Ltd', 'Pennine Electrical Contractors Ltd'],
    ['Moss Props & Invs Ltd', 'Moss Properties and Investments Ltd'],
    ['Harbour Hldgs Plc', 'Harbour Holdings PLC'],
    ['Ribble Mech Engg Svcs Ltd', 'Ribble Mechanical Engineering Services Ltd'],
    ['Calder Dev Assoc', 'Calder Development Association'],
    ['Ashton Mfg & Dist Ltd', 'Ashton Manufacturing and Distribution Ltd'],
    ['Irwell Maint & Equip Ltd', 'Irwell Maintenance & Equipment Ltd'],
    ['Tame Telecoms Sys Ltd', 'Tame Telecommunications Systems Ltd'],
  ]
  for (const [short, long] of cases) {
    t.equal(words(short), words(long), `${short} = ${long}`)
    t.equal(compareNames(short, long, 'company'), 1, `${short} scores as the same name`)
  }
})

t.test('abbreviations of descriptors stay descriptors, others are written out as ordinary words', async (t) => {
  const cases: [string, string, boolean][] = [
    ['Acme Svcs', 'service', true],
    ['Acme Hldgs', 'holding', true],
    ['Acme Intl', 'intl', true],
    ['Acme Constr', 'construction', false],
    ['Acme Eng', 'engineering', false],
    ['Acme Bldg', 'building', false],
  ]
  for (const [raw, last, generic] of cases) {
    const token = parseCompanyName(raw, 12).tokens.at(-1)
    t.equal(token?.text, last, raw)
    t.equal(token?.generic, generic, `${raw}: generic`)
  }
})

t.test('words that only look like abbreviations are left alone (hard negatives)', async (t) => {
  const cases: [string, string][] = [
    ['Engle Roofing', 'engle roofing'],
    ['Constance Florist', 'constance florist'],
    ['Techno Club', 'techno club'],
    ['Finlay Fabrications', 'finlay fabrications'],
  ]
  for (const [raw, expected] of cases) t.equal(words(raw), expected, raw)
})

t.test('"t/a" and "trading as" split a name into the names to screen', async (t) => {
  const cases: [string, string[]][] = [
    ['John Smith t/a Smith Plumbing', ['John Smith', 'Smith Plumbing']],
    ['JOHN SMITH T/A SMITH PLUMBING', ['JOHN SMITH', 'SMITH PLUMBING']],
    ['John Smith T/a Smith Plumbing', ['John Smith', 'Smith Plumbing']],
    ['John Smith t/as Smith Plumbing', ['John Smith', 'Smith Plumbing']],
    ['John Smith T/AS Smith Plumbing', ['John Smith', 'Smith Plumbing']],
    ['John Smith trading as Smith Plumbing', ['John Smith', 'Smith Plumbing']],
    ['John Smith Trading As Smith Plumbing', ['John Smith', 'Smith Plumbing']],
    ['John Smith, t/a Smith Plumbing', ['John Smith', 'Smith Plumbing']],
    ['John Smith (t/a Smith Plumbing)', ['John Smith', 'Smith Plumbing']],
    ['Acme Ltd T/A: Best Builders', ['Acme Ltd', 'Best Builders']],
    ['Acme Ltd t.a. Best Builders', ['Acme Ltd', 'Best Builders']],
    ['Acme Inc d/b/a Best Builders', ['Acme Inc', 'Best Builders']],
    ['A Smith t/a Smith Roofing t/a Roofs R Us', ['A Smith', 'Smith Roofing', 'Roofs R Us']],
    ['  Smith Plumbing  ', ['  Smith Plumbing  ']],
    ['Smith Plumbing', ['Smith Plumbing']],
    ['Star Trading Ltd', ['Star Trading Ltd']],
    ['Tata Steel', ['Tata Steel']],
    ['Data Systems', ['Data Systems']],
    ['t/a', ['t/a']],
    ['', ['']],
  ]
  for (const [raw, parts] of cases) t.same(splitTradingAs(raw), parts, JSON.stringify(raw))
})

t.test('an abbreviation is a truncation, a contraction or a consonant skeleton of its word', async (t) => {
  const cases: [string, string, boolean][] = [
    ['constr', 'construction', true],
    ['eng', 'engineering', true],
    ['assoc', 'associates', true],
    ['mgmt', 'management', true],
    ['svcs', 'services', true],
    ['hldgs', 'holdings', true],
    ['bros', 'brothers', true],
    ['intl', 'international', true],
    ['ltd', 'limited', true],
    ['svc', 'service', true],
    ['engr', 'engineering', true],
    ['mfg', 'manufacturing', true],
    ['co', 'company', false], // two letters: an initialism, not an abbreviation
    ['engle', 'engineering', false], // letters out of order
    ['serve', 'services', false], // one letter left out is a spelling, not an abbreviation
    ['tech', 'mechanical', false], // different first letter
    ['bolts', 'brothers', false], // contraction must keep letters in order
    ['sevice', 'services', false], // keeps a vowel and ends otherwise: a misspelling
  ]
  for (const [short, long, expected] of cases) t.equal(abbreviates(short, long), expected, `${short} / ${long}`)
})
