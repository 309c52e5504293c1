import t from 'tap'
import { compareNames, defaultMatchingOptions } from '../../src/matching/index.js'

const threshold = defaultMatchingOptions.minMatchScore

t.test('person names that are the same person score at or above the match threshold', async (t) => {
  const cases: [string, string][] = [
    ['John Smith', 'John Smith'],
    ['SMITH, John', 'John Smith'],
    ['Mr John Smith', 'John Smith'],
    ['J. Smith', 'John Smith'],
    ['John A. Smith', 'John Andrew Smith'],
    ["Daniel James O'Connor", "Danny O'Connor"],
    ['Bill Turner', 'William Turner'],
    ['Bob Marley', 'Robert Marley'],
    ['Peggy Hughes', 'Margaret Hughes'],
    ['Mohammed Khan', 'Muhammad Khan'],
    ['Mohamed Ali Hassan', 'Muhammad Ali Hassan'],
    ['Olaf Scholze', 'Olaf Scholz'],
    ['Jon Smyth', 'John Smith'],
    ['Vladimir Putin', 'Владимир Путин'],
    ['VladimirPutin', 'Vladimir Putin'],
    ['Aleksandar Vucic', 'Aleksandar Vučić'],
    ['Osama bin Laden', 'Usama ibn Laden'],
    ['Bachar el-Assad', 'Bashar al-Assad'],
    ['Stephen Hawkins', 'Steven Hawkins'],
    ['Catherine Zeta Jones', 'Catherine Jones'],
  ]
  for (const [a, b] of cases) t.ok(compareNames(a, b, 'person') >= threshold, `${a} ≈ ${b} (${compareNames(a, b, 'person').toFixed(2)})`)
})

t.test('person names of different people stay below the threshold (hard negatives)', async (t) => {
  const cases: [string, string][] = [
    ['John Smith', 'Jane Smith'],
    ['John Smith', 'John Brown'],
    ['Olga Barynova', 'Oleg Baranov'],
    ['Hans O Friedrich', 'Hans Joachim Friedrich'],
    ['Octavian Scholz', 'Olaf Scholz'],
    ['Mostafa Hassan Mostafa Ibrahim', 'Mostafa Kamel Mostafa Ibrahim'],
    ['Ahmad bin Hasan al-Ubaidi', 'Hasan bin Ahmad al-Ubaidi'],
    ['Campbell', 'Sarah Campbell'],
    ['高石早苗', '高市早苗'],
    ['김종은', '김정은'],
    ['Usama bin Laden', 'Isa Bin Tarif Al Bin Ali'],
    ['Michael Owen', 'Martin Bowen'],
    ['', 'John Smith'],
    ['!!!', '???'],
  ]
  for (const [a, b] of cases) t.ok(compareNames(a, b, 'person') < threshold, `${a} ≠ ${b} (${compareNames(a, b, 'person').toFixed(2)})`)
})

t.test('company names that are the same company score at or above the threshold', async (t) => {
  const cases: [string, string][] = [
    ['Northern Paving Solutions Ltd', 'Northern Paving Solutions Limited'],
    ['Northern Paving Solutions Ltd', 'NORTHERN PAVING SOLUTIONS LTD.'],
    ['Northern Paving Solutions Ltd', 'Northern Paving Solutions'],
    ['Northern Paving Solutions Ltd', 'Northern Paving Ltd'],
    ['Smith & Sons Building Ltd', 'Smith and Sons Building Limited'],
    ['Nothern Paving Solutions Ltd', 'Northern Paving Solutions Ltd'],
    ['Siemens AG', 'Siemens Aktiengesellschaft'],
    ['Acme PLC', 'Acme Public Limited Company'],
    ['Exxon Mobil Corp', 'Exxon Mobil Corporation'],
    ['First International Bank', '1st International Bank'],
    ['UnitedHealth Group', 'United Health Group'],
    ['Iskusstvo Krasoty', 'Limited Liability Company Iskusstvo Krasoty'],
    ['Müller Bau GmbH', 'Muller Bau GmbH'],
    ['Salford Food Bank CIC', 'Salford Food Bank Community Interest Company'],
  ]
  for (const [a, b] of cases) t.ok(compareNames(a, b, 'company') >= threshold, `${a} ≈ ${b} (${compareNames(a, b, 'company').toFixed(2)})`)
})

t.test('company names sharing only generic or trade words stay below the threshold (hard negatives)', async (t) => {
  const cases: [string, string][] = [
    ['Northern Paving Solutions Ltd', 'Southern Paving Solutions Ltd'],
    ['Pennine Construction Services Ltd', 'Mersey Construction Services Ltd'],
    ['UK Security Services Ltd', 'UK Cleaning Services Ltd'],
    ['Apex Scaffolding Group Ltd', 'Summit Scaffolding Group Ltd'],
    ['Saudi Arabian Oil Company', 'Saudi Arabian Gas Company'],
    ['BP plc', 'BD plc'],
    ['Acme Builders Ltd', 'Acme Builders LLP'],
    ['Volkswagen AG', 'Siemens AG'],
    ['Redrock Haulage Ltd', 'Blackstone Haulage Ltd'],
    ['The Group Ltd', 'The Holdings Ltd'],
  ]
  for (const [a, b] of cases) t.ok(compareNames(a, b, 'company') < threshold, `${a} ≠ ${b} (${compareNames(a, b, 'company').toFixed(2)})`)
})

t.test('compareNames is symmetric enough and bounded in [0, 1]', async (t) => {
  const pairs: [string, string, 'person' | 'company'][] = [
    ['John Smith', 'J Smith', 'person'],
    ['Northern Paving', 'Northern Paving Solutions Ltd', 'company'],
    ['Hans Friedrich', 'Friedrich Hans', 'person'],
  ]
  for (const [a, b, kind] of pairs) {
    const x = compareNames(a, b, kind)
    const y = compareNames(b, a, kind)
    t.ok(x >= 0 && x <= 1, `${a}/${b} in range`)
    t.ok(Math.abs(x - y) < 0.05, `${a}/${b} symmetric (${x.toFixed(3)} vs ${y.toFixed(3)})`)
  }
})
