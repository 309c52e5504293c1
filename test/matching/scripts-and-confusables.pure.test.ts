import t from 'tap'
import { parseCompanyName } from '../../src/matching/normalise/company-name.js'
import { latinPersonName, latinPersonNames, parsePersonName } from '../../src/matching/normalise/person-name.js'
import { scorePersonNames } from '../../src/matching/score/person-name-score.js'
import { foldConfusables } from '../../src/matching/text/confusables.js'
import { foldText } from '../../src/matching/text/fold.js'
import { romaniseHangul } from '../../src/matching/text/korean-romanisation.js'
import { defaultMatchingOptions as options } from '../../src/matching/tuning.js'

t.test('look-alike letters inside a Latin word compare as the Latin letters they imitate', async (t) => {
  const cases: [string, string, string][] = [
    ['Cyrillic o', 'N\u043Erthern Paving', 'northern paving'],
    ['Greek omicron', 'N\u03BFrthern Paving', 'northern paving'],
    ['Cyrillic er for p', '\u0420aving', 'paving'],
    ['Cyrillic es for c', 'A\u0441me', 'acme'],
    ['Cyrillic u for y', 'Sm\u0443th', 'smyth'],
    ['Cyrillic ha for x', 'Fo\u0445', 'fox'],
    ['Cyrillic dze for s', 'Jone\u0455', 'jones'],
    ['Cyrillic palochka for l', 'Pau\u04CF', 'paul'],
    ['Greek rho for p', '\u03A1aul', 'paul'],
    ['Greek nu for v', 'Da\u03BDid', 'david'],
    ['Greek eta for H', '\u0397ughes', 'hughes'],
    ['Armenian oh for o', 'J\u0585nes', 'jones'],
    ['several at once', '\u0421\u043E\u0440\u0435land', 'copeland'],
    ['capitals, Cyrillic B and H', '\u0412\u0415\u041D Ltd', 'beh ltd'],
    ['a whole word of look-alikes beside a Latin word', '\u0410\u0421\u041C\u0415 Ltd', 'acme ltd'],
  ]
  for (const [name, raw, expected] of cases) t.equal(foldText(raw), expected, name)
})

t.test('words written wholly in another script are transliterated by sound, not by shape', async (t) => {
  const cases: [string, string, string][] = [
    ['Russian name', 'Владимир Путин', 'vladimir putin'],
    ['Russian legal form and name', 'ООО Ромашка', 'ooo romashka'],
    ['Greek name', 'Αθήνα', 'athina'],
    ['Russian word with non-look-alike letters beside Latin', 'Сергей Ltd', 'sergey ltd'],
  ]
  for (const [name, raw, expected] of cases) t.equal(foldText(raw), expected, name)
  t.equal(foldConfusables('Nothing to fold'), 'Nothing to fold', 'plain Latin is returned unchanged')
})

t.test('a company name disguised with look-alikes parses to the same words and legal form', async (t) => {
  const plain = parseCompanyName('Northern Paving Solutions Ltd', 12)
  for (const disguised of ['N\u043Erthern \u0420aving Solutions Ltd', 'Northern Paving S\u03BFlutions L\u0442d', 'Northern Pav\u0456ng Solutions Ltd']) {
    const parsed = parseCompanyName(disguised, 12)
    t.same(
      parsed.tokens.map((x) => x.text),
      plain.tokens.map((x) => x.text),
      `${disguised}: words`,
    )
  }
})

t.test('Hangul is romanised syllable by syllable by the Revised Romanization', async (t) => {
  const cases: [string, string][] = [
    ['김정은', 'gimjeongeun'],
    ['박근혜', 'bakgeunhye'],
    ['윤석열', 'yunseokyeol'],
    ['이명박', 'imyeongbak'],
    ['문재인', 'munjaein'],
    ['최', 'choe'],
    ['곽', 'gwak'],
    ['한복남', 'hanboknam'],
    ['Kim 김', 'Kim gim'],
  ]
  for (const [hangul, latin] of cases) t.equal(romaniseHangul(hangul), latin, hangul)
})

t.test('the Latin form of a Han, Hangul or Kana name has one part per syllable or word', async (t) => {
  const cases: [string, string[]][] = [
    ['习近平', ['xi jin ping']],
    ['王伟', ['wang wei']],
    ['毛泽东', ['mao ze dong']],
    ['김정은', ['kim jeongeun', 'gim jeongeun', 'ghim jeongeun', 'kim jungeun', 'gim jungeun', 'ghim jungeun']],
    ['김 정은', ['kim jeongeun', 'gim jeongeun', 'ghim jeongeun', 'kim jungeun', 'gim jungeun', 'ghim jungeun']],
    ['박근혜', ['park geunhye', 'pak geunhye', 'bak geunhye', 'park keunhye', 'pak keunhye', 'bak keunhye']],
    ['이명박', ['lee myeongbak', 'yi myeongbak', 'rhee myeongbak', 'lee myungbak', 'yi myungbak', 'rhee myungbak']],
    ['박지훈', ['park jihun', 'pak jihun', 'bak jihun', 'park jihoon', 'pak jihoon', 'bak jihoon']],
    ['남궁민', ['namgung min']],
    ['あべ しんぞう', ['abe shinzou']],
  ]
  for (const [raw, forms] of cases) {
    t.same(
      latinPersonNames(raw, 8).map((n) => n.tokens.map((x) => x.text).join(' ')),
      forms,
      raw,
    )
  }
  t.equal(latinPersonName('Xi Jinping', 8), null, 'a Latin name has no other Latin form')
  t.same(latinPersonNames('', 8), [], 'nothing for an empty name')
  t.equal(latinPersonName('习近平', 8)?.raw, '习近平', 'the raw name is kept for reasons')
  t.equal(latinPersonName('习近平', 8)?.tokens[0]?.syllabic, false, 'Latin parts compare as Latin')
})

/** The best score of a Latin-script name against any Latin form of a name in another script. */
function crossScript(latin: string, native: string): number {
  return Math.max(0, ...latinPersonNames(native, 8).map((form) => scorePersonNames(parsePersonName(latin, 8), form, options).score))
}

t.test('a romanised name matches its Chinese or Korean original through the Latin form', async (t) => {
  const cases: [string, string][] = [
    ['Xi Jin Ping', '习近平'],
    ['Xi Jinping', '习近平'],
    ['Jinping Xi', '习近平'],
    ['XI, Jinping', '习近平'],
    ['Wang Wei', '王伟'],
    ['Mao Zedong', '毛泽东'],
    ['Kim Jong Un', '김정은'],
    ['Kim Jong-un', '김정은'],
    ['Kim Jongun', '김정은'],
    ['Gim Jeong-eun', '김정은'],
    ['Moon Jae-in', '문재인'],
    ['Park Geun-hye', '박근혜'],
    ['Lee Myung-bak', '이명박'],
    ['Yoon Suk-yeol', '윤석열'],
    // Given names in their usual (passport) spellings rather than RR.
    ['Park Ji-hoon', '박지훈'],
    ['Jung Woo-jin', '정우진'],
    ['Choi Hyun-woo', '최현우'],
    ['Lee Kyung-ho', '이경호'],
    ['Kang Sung-min', '강성민'],
  ]
  for (const [latin, native] of cases) t.ok(crossScript(latin, native) >= 0.75, `${latin} / ${native}: ${crossScript(latin, native).toFixed(3)}`)
  t.equal(
    scorePersonNames(parsePersonName('Xi Jin Ping', 8), parsePersonName('Xi Jinping', 8), options).score >= 0.75,
    true,
    'syllables written apart match the run-together spelling',
  )
})

t.test('different people stay apart across scripts (hard negatives)', async (t) => {
  const cases: [string, string][] = [
    ['Kim Jong Il', '김정은'],
    ['Kim Yo Jong', '김정은'],
    ['Park Ji-sung', '박근혜'],
    ['Wang Fang', '王伟'],
    ['Li Wei', '王伟'],
    ['Xi Mingze', '习近平'],
    ['Park Ji-hye', '박지훈'],
    ['Jung Woo-sung', '정우진'],
    ['Choi Hyun-jin', '최현우'],
  ]
  for (const [latin, native] of cases) t.ok(crossScript(latin, native) < 0.75, `${latin} / ${native}: ${crossScript(latin, native).toFixed(3)}`)
})
