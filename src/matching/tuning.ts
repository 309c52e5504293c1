/**
 * Every weight and threshold of the matcher, as data (docs/design.md §4.3). Callers pass a partial
 * override as `options`; nothing else in src/matching hard-codes a number that changes a score or
 * which candidates are scored. What numbers remain elsewhere are arithmetic, not judgement: a mean
 * over both names (halves in name-alignment.ts), the 0-100 scale of riskScore, rounding for
 * display, the Unicode block arithmetic of Hangul, and bounds on memory (caches, memo sizes).
 * Starting points came from OpenSanctions logic-v2 and Moov Watchman (docs/domain-notes.md §3) and
 * were then tuned on `npm run eval` (synthetic register, FEBRL, nomenklatura name bench).
 * Longer than our other files on purpose: one place for every number, each with its reason.
 */
import type { RiskLevel } from './types.js'

export type EvidenceKind = 'companyName' | 'person' | 'address' | 'companyNumber' | 'phone' | 'email' | 'website'

export interface MatchingOptions {
  // ── Input limits: bound the work one request can cause. ──
  /** Longest supplier string accepted; longer is a MatchingInputError, not a slow match. */
  readonly maxInputLength: number
  /** Most items in one supplier list (people, addresses, phones…). */
  readonly maxListItems: number
  /** Name parts compared; real names have fewer, and alignment is quadratic in this. */
  readonly maxNameTokens: number
  /** Register values are truncated here at compile time rather than rejected. */
  readonly maxRegisterValueLength: number
  /** Lines of a register address kept; an address has at most a handful. */
  readonly maxRegisterAddressLines: number

  // ── Decision thresholds. ──
  /** A (field, entity) pair is returned as a match at or above this score. */
  readonly minMatchScore: number

  // ── Candidate generation. ──
  /** Candidates fully scored per queried name; the index ranks them by shared rare tokens. */
  readonly maxCandidatesPerName: number
  /** With a date of birth given, this many times `maxCandidatesPerName` person records are found; those past the usual cut are scored only if their date agrees (screen/person-candidates.ts). */
  readonly datedCandidateFactor: number
  /** Share of a query's summed word IDF a register company name must share to be scored at all. */
  readonly companyCandidateCoverage: number
  /** The same for person names, lower: a replaced given name must still reach corroboration. */
  readonly personCandidateCoverage: number
  /** A posting list longer than this share of name records is only used to rank, not to find. */
  readonly maxPostingShare: number
  /** ...but never shorter than this many records: in a small register every list is short. */
  readonly minPostingLimit: number
  /** Ranking weight of a particle (bin, van, the) among a query's words; other words weigh their IDF. */
  readonly candidateParticleWeight: number
  /** Share of its IDF an initial adds to a record's rank: it fits every word with that letter. */
  readonly candidateInitialFactor: number
  /** When more records are found than are scored, only those ranked within this share of the best are kept. */
  readonly candidateShareOfBest: number

  // ── Name-part similarity. ──
  /** Edits allowed per character before two name parts count as different (logic-v2 budget). */
  readonly fuzzyEditsPerChar: number
  /** Score kept by a name made of initials only ("J S"): it says almost nothing, whatever it aligns with. */
  readonly initialsOnlyFactor: number
  /** Name parts shorter than this must agree exactly ("Ali" vs "Alu" are different people). */
  readonly minFuzzyLength: number
  /** Words this long earn partial credit one edit beyond the budget. */
  readonly minNearMissLength: number
  /** Share of the plain similarity such a near miss keeps. */
  readonly nearMissScale: number
  readonly nicknameScore: number
  /** A company word written short in a way the abbreviation table lacks ("Maint"/"Maintenance"). */
  readonly abbreviationScore: number
  /** Fewer letters than this is an initial or a particle, not an abbreviation (text/abbreviation.ts). */
  readonly minAbbreviationLength: number
  /** An abbreviation leaves out at least this many letters ("Ltd" of "limited" leaves four). */
  readonly minAbbreviationLeftOut: number
  /** A cognate or loose association rather than a diminutive (Ian ↔ John): related, not the same name. */
  readonly cognateScore: number
  readonly initialScore: number
  readonly phoneticScore: number
  /** Shorter parts need more than a shared phonetic key ("John"/"Jane" are both JN). */
  readonly minPhoneticLength: number
  /** Codes of the shared phonetic key needed when two parts start with different vowels (part-similarity.ts). */
  readonly minVowelStartPhoneticKey: number
  /** Weight of a name part that is only an initial, relative to a full part. */
  readonly initialWeight: number
  /** Weight of particles (bin, al, van, de): present or absent, they say little. */
  readonly particleWeight: number
  /** Cost of a part present on one side only (a middle name absent), as a share of its weight. */
  readonly extraPartCost: number
  /** The same for company words as generic as `genericWordWeight` ("services", a common trade word). */
  readonly companyExtraPartCost: number
  /** The same for a fully distinctive company word; words between generic and distinctive cost in between. */
  readonly companyDistinctiveExtraPartCost: number
  /** Weight a company word needs to count as distinctive, for initials to pair with words ("J & K Morrison"). */
  readonly minDistinctiveWeight: number
  /** Cost of parts unmatched on both sides: a real conflict ("Hans O." vs "Hans Joachim"). */
  readonly conflictPartCost: number
  /** Minimum cost weight of a conflicting company word, however common it is. */
  readonly minConflictWeight: number
  /** Longest name (substantive parts) whose last part is read as its surname. */
  readonly maxPartsWithSurname: number
  /** Multiplier when one side gives a single name and the other a full name. */
  readonly singleNameFactor: number
  /** "Ahmad bin Hasan" vs "Hasan bin Ahmad": father and son, not one person. */
  readonly patronymicReversalPenalty: number

  // ── Company-name qualifiers. ──
  /** Background weight of generic org words (services, group, holdings) before register IDF. */
  readonly genericWordWeight: number
  /** Weight of "the", "and", "of". */
  readonly stopWordWeight: number
  /** Share of name records a word must appear in to be as weak as a generic word. */
  readonly commonWordShare: number
  /** Below this share a word is fully distinctive. */
  readonly rareWordShare: number
  /** Registers smaller than this have too few names for IDF to mean anything. */
  readonly minNamesForIdf: number
  /** Legal forms of different families (LLC vs LLP vs CIC) are different kinds of body. */
  readonly legalFormConflictPenalty: number
  /** Weight of a number in a company name ("Partners 7", "2004 1"): series of one sponsor. */
  readonly numberWeight: number
  /** "Unit 1 Ltd" vs "Unit 2 Ltd": numbers in names usually distinguish sister companies. */
  readonly numberConflictPenalty: number
  /** Both sides give a company number and they differ: probably a namesake, maybe a phoenix. */
  readonly companyNumberConflictPenalty: number

  // ── Person qualifiers (logic-v2: dob_year_disjoint −0.15, dob_day_disjoint −0.25). ──
  readonly dobExactBonus: number
  readonly dobYearMonthBonus: number
  readonly dobYearBonus: number
  readonly dobSwapBonus: number
  readonly dobYearConflictPenalty: number
  readonly dobDayConflictPenalty: number

  /** How closely each kind of date agreement matches, as the reason's score; the chance of agreement is read from it too. */
  readonly dobAgreementScores: Readonly<{ yearMonth: number; swapped: number; year: number; oneDigit: number; dayDiffers: number }>

  // ── Shared qualifiers. ──
  /** A supplier address shares the entity's postcode (logic-v2 address_prop_match +0.2). */
  readonly samePostcodeBonus: number
  /** A supplier address is the entity's own premises (postcode and number, or UPRN). */
  readonly samePremisesBonus: number
  /** Name score a person keeps when full date of birth and premises both agree. */
  readonly corroboratedNameFloor: number

  // ── Address scores. ──
  /** Jaro–Winkler similarity at which two street or town words agree ("Kingsway"/"Kings Way" aside, a typo). */
  readonly streetWordSimilarity: number
  /** Share of street (or town) words that must agree for the street to agree. */
  readonly streetAgreement: number
  readonly addressUprnScore: number
  readonly addressFullScore: number
  readonly addressFlatConflictScore: number
  readonly addressNoNumberScore: number
  readonly addressPostcodeOnlyScore: number
  readonly addressNumberConflictScore: number
  readonly addressNoPostcodeScore: number

  // ── Identifier scores. ──
  readonly companyNumberScore: number
  readonly phoneScore: number
  readonly emailScore: number
  readonly sharedDomainScore: number
  readonly websiteScore: number

  // ── Who may be a sole trader. ──
  /** Most words of a supplier name (no legal form, no generic word) screened as a person's name too. */
  readonly soleTraderMaxWords: number

  // ── Evidence, not resemblance: how common the agreeing value is (docs/design.md §4). ──
  /** Adults a name is drawn from (UK residents 18+, ONS mid-2021 estimate): turns a name's population share into namesakes. */
  readonly populationSize: number
  /** A person matched with no more namesakes than this (after any agreeing date of birth) is identified; more need corroboration. */
  readonly maxNamesakes: number
  /** Population share of a name part that is only an initial. */
  readonly initialShare: number
  /** Share of a name part among the register's other people, times this, stands for its population share. */
  readonly registerShareWeight: number
  /** Population share of the names, other than itself, that agree with a name part as loosely as a typo or spelling variant does: added to its share. */
  readonly inexactPartShare: number
  /** Chance that two unrelated adults' dates of birth agree at each precision (one in ~60 birth years, 12 months, ~365 days). */
  readonly dobChanceAgreement: Readonly<{ year: number; yearMonth: number; full: number }>
  /** A phone, domain, premises or postcode held by entities of this many groups or more is a shared value, not an identity. */
  readonly sharedValueMinGroups: number
  /** The most evidence a weak match (common name alone, shared value) can carry: alone it stays in band low. */
  readonly weakEvidenceCap: number

  // ── Aggregation into riskScore and band (docs/design.md §4.5). ──
  /** Match scores at or below this carry no evidence; 1.0 carries full evidence. */
  readonly evidenceFloor: number
  /** How much one field kind alone can say about a link. */
  readonly evidenceCredibility: Readonly<Record<EvidenceKind, number>>
  /** The group's risk level scales what a link to it means for the authority. */
  readonly riskLevelFactor: Readonly<Record<RiskLevel, number>>
  /** Lowest riskScore of each band; below `low` the band is none. */
  readonly bandThresholds: Readonly<{ low: number; medium: number; high: number }>
}

export const defaultMatchingOptions: MatchingOptions = Object.freeze({
  // 1,000 characters is ten times the longest registered UK company name (160).
  maxInputLength: 1000,
  // A batch of 1,000 suppliers must still finish in seconds; 100 people or addresses is generous.
  maxListItems: 100,
  // The longest names in the bench have 9 parts; alignment is O(n²).
  maxNameTokens: 12,
  maxRegisterValueLength: 1000,
  // A UK address has at most six or seven lines (PAF); ten keeps every real one.
  maxRegisterAddressLines: 10,

  // yente flags at 0.70; the eval showed the best precision/recall balance at 0.75 for our scorer.
  minMatchScore: 0.75,

  // Enough to keep every true variant in the eval; each scored candidate costs microseconds.
  maxCandidatesPerName: 12,
  // Namesakes tie in the index's ranking. Twice the usual list reached every dated namesake the
  // dev split's crowded names hid (a Korean name borne by a dozen register people, each held in
  // five romanisations); four times found two more spelling variants behind common surnames but
  // each record past the cut is looked up for its date, which showed in the matching bench.
  datedCandidateFactor: 2,
  // A company name sharing under half the query's word weight cannot reach minMatchScore.
  companyCandidateCoverage: 0.5,
  personCandidateCoverage: 0.3,
  // In a 50k-person register "john" or "smith" can touch thousands of records.
  maxPostingShare: 0.02,
  // Below 2,500 names 2 % is under 50 records, which any word list reaches: use them all.
  minPostingLimit: 50,
  // Particles say little about which record is meant; a tenth of a rare word's ln(1 + N/df) ≈ 1-9.
  candidateParticleWeight: 0.1,
  // "J" is one letter in fifteen; its postings are a name's first-letter peers, so it barely ranks.
  candidateInitialFactor: 0.3,
  // A record with under half the best rank cannot outscore it on the words that found it both.
  candidateShareOfBest: 0.5,

  // One edit per four characters: "Scholze" ≈ "Scholz", "Olga" ≠ "Oleg".
  fuzzyEditsPerChar: 0.25,
  minFuzzyLength: 4,
  minNearMissLength: 5,
  nearMissScale: 0.75,
  // logic-v2 SYM_SCORES: NAME/INITIAL 0.9; nicknames are stronger evidence in an English register.
  nicknameScore: 0.9,
  // Below an exact word (the table's abbreviations are written out and score 1): a rule, not a
  // list, can mistake a short word for another's start ("Pro" for "Property" or "Products").
  abbreviationScore: 0.85,
  // Two letters are initials ("JK"); "Co" and "St" are in the tables. One letter left out is a typo
  // or a plural ("Service"/"Services"), which fuzzy agreement already handles.
  minAbbreviationLength: 3,
  minAbbreviationLeftOut: 2,
  // A cognate (Ian/John, Ivan/John: see deriveNicknames) is a different name in a related family:
  // "Ian Smith" vs "John Smith" is (0.4 + 1) / 2 = 0.7, under minMatchScore without other evidence.
  cognateScore: 0.4,
  initialScore: 0.9,
  // "J S" against "John Smith": at most half the name's score, under the threshold alone.
  initialsOnlyFactor: 0.5,
  // Same Double Metaphone key: Mohammed/Muhammad, Steven/Stephen.
  phoneticScore: 0.85,
  minPhoneticLength: 5,
  // Oleksandr/Aleksandr (ALKSNTR), Usman/Osman (ASMN), Ebrahim/Ibrahim (APRHM) share four codes or
  // more; the different names that meet on a vowel start do so on three (Emily/Amelia AML,
  // Ellen/Allan ALN, Irene/Aaron ARN).
  minVowelStartPhoneticKey: 4,
  initialWeight: 0.5,
  particleWeight: 0.3,
  // logic-v2 nm_extra_* weight missing parts lightly; a middle name absent is not a conflict.
  extraPartCost: 0.35,
  companyExtraPartCost: 0.6,
  // One-sided costs are halved as pair weights are averaged over both names: 2 makes a distinctive
  // word on one side only weigh as much as an agreeing one, so "Pennine Valley Roofing" vs
  // "Pennine Roofing" is 2/3, not the 0.87 of a missing middle name.
  companyDistinctiveExtraPartCost: 2,
  // Well above a trade word common in the register (weight ≈ 0.6 at a 0.5% share), so
  // "K & M Roofing" does not let K and M stand for Kelly and Moss on "Roofing" alone.
  minDistinctiveWeight: 0.6,
  // A part that disagrees is evidence against: twice its weight (the bench's patronymic and
  // clan-name swaps, "Mostafa Hassan Ibrahim" vs "Mostafa Kamel Ibrahim", are different people).
  conflictPartCost: 2,
  minConflictWeight: 0.6,
  patronymicReversalPenalty: 0.3,
  // "Given Middle Surname" is the longest name whose last part is surely the family name: longer
  // names are chains (Arabic nasab, Spanish and Portuguese double surnames) whose tail lists drop
  // ("Dost Mohammad Khan Haqqani" vs "Dost Mohammad"), so their missing tail is no conflict.
  maxPartsWithSurname: 3,
  // "Campbell" alone fits every Campbell in the register: below the threshold unless qualified.
  singleNameFactor: 0.8,

  genericWordWeight: 0.35,
  stopWordWeight: 0.1,
  commonWordShare: 0.02,
  rareWordShare: 0.0005,
  minNamesForIdf: 300,
  legalFormConflictPenalty: 0.3,
  // Sister vehicles of one sponsor ("Fund VII"/"Fund VIII") are worth an officer's look: the
  // number lowers the score without outweighing the distinctive words (name bench labels agree).
  numberWeight: 0.5,
  numberConflictPenalty: 0.1,
  companyNumberConflictPenalty: 0.15,

  dobExactBonus: 0.1,
  dobYearMonthBonus: 0.07,
  dobYearBonus: 0.03,
  dobSwapBonus: 0.05,
  dobYearConflictPenalty: 0.3,
  dobDayConflictPenalty: 0.2,
  // The order matters: year and month (0.9) and a swapped day and month (0.8) are about as strong
  // (one chance in ~720); a year alone (0.6) or a one-digit slip (0.5) about one in 60; a day that
  // differs in an agreeing year and month (0.2) is a near miss, shown but worth little.
  dobAgreementScores: Object.freeze({ yearMonth: 0.9, swapped: 0.8, year: 0.6, oneDigit: 0.5, dayDiffers: 0.2 }),

  samePostcodeBonus: 0.08,
  // Same premises is more than same postcode, but still a qualifier: families share homes.
  samePremisesBonus: 0.12,
  // FEBRL's duplicates change a given name or surname outright; with the exact date of birth at
  // the same premises the record is the same person (a married name, an alias) for review.
  corroboratedNameFloor: 0.6,

  // Jaro–Winkler 0.9 accepts one slip in a street word of six letters or more ("Stanhope"/"Stanhop").
  streetWordSimilarity: 0.9,
  // Four of five street words: "High Street" vs "High St" agree once forms are written out.
  streetAgreement: 0.8,
  addressUprnScore: 1,
  addressFullScore: 0.95,
  addressFlatConflictScore: 0.7,
  addressNoNumberScore: 0.8,
  // A postcode alone covers ~15 delivery points: a qualifier, never a match by itself.
  addressPostcodeOnlyScore: 0.5,
  // Same street, different number: the hard negative of issue 5.
  addressNumberConflictScore: 0.3,
  addressNoPostcodeScore: 0.85,

  // Watchman: an exact critical identifier overrides the score to 1.0.
  companyNumberScore: 1,
  phoneScore: 0.95,
  emailScore: 1,
  // Same business domain in an e-mail and a website: strong but not an identity.
  sharedDomainScore: 0.85,
  websiteScore: 1,

  // "Given Middle Surname t/a": four words is the longest person name we read a supplier name as;
  // longer names are firms ("Smith Jones Brown Roofing Services").
  soleTraderMaxWords: 4,

  populationSize: 53_000_000,
  maxNamesakes: 5,
  // About one name part in fifteen starts with any given letter.
  initialShare: 1 / 15,
  // A name part has some tens of spellings within the edit budget or sharing its phonetic key in
  // a national name list, mostly rare ones (~1e-5 each): together about one adult in a thousand.
  // Kept at that order of magnitude; checked on the dev split.
  inexactPartShare: 1e-3,
  // A register clusters by family and community (brothers, cousins, one diaspora): a part borne by
  // one in 400 of its people is about one in 4,000 of the population. An order of magnitude, checked
  // on the dev split (0.03 and 0.1 flag the same share of unlinked suppliers; 1 leaves every
  // uncommon name without a date of birth in band low in a register of a few thousand people).
  registerShareWeight: 0.1,
  dobChanceAgreement: Object.freeze({ year: 1 / 60, yearMonth: 1 / 720, full: 1 / 21_900 }),
  // Two groups sharing a phone or premises may be one network; three or more are a service many use.
  sharedValueMinGroups: 3,
  weakEvidenceCap: 0.3,

  evidenceFloor: 0.6,
  evidenceCredibility: Object.freeze({
    companyNumber: 1,
    companyName: 0.9,
    person: 0.9,
    email: 0.9,
    website: 0.85,
    phone: 0.85,
    // Many firms share an accountant's or formation agent's office (docs/domain-notes.md §3); such
    // an office is found by how many groups hold it (sharedValueMinGroups) and weighed as weak. A
    // group's own premises, held by no other group, is more: at 0.75 a full match to the premises
    // of a low-risk group reaches medium (0.6 left it low; dev split, premises-only classes).
    address: 0.75,
  }),
  riskLevelFactor: Object.freeze({ high: 1, medium: 0.9, low: 0.7 }),
  bandThresholds: Object.freeze({ low: 1, medium: 40, high: 70 }),
})

/** Defaults overlaid with a caller's partial options. */
export function resolveOptions(options?: Partial<MatchingOptions>): MatchingOptions {
  return options === undefined ? defaultMatchingOptions : { ...defaultMatchingOptions, ...options }
}

/**
 * `make` remembered for the last options object it was given: values derived from the options
 * are then built once, not once per scored candidate. Screening passes one options object
 * throughout, so remembering one is enough.
 */
export function perOptions<T>(make: (options: MatchingOptions) => T): (options: MatchingOptions) => T {
  let last: MatchingOptions | undefined
  let value: T
  return (options) => {
    if (options !== last) {
      value = make(options)
      last = options
    }
    return value
  }
}
