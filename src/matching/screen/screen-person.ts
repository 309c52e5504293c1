/**
 * Screens one person (a connected person of the supplier, or a sole trader's own name) against
 * the register's people. The name is scored with its qualifiers (date of birth, the entity's own
 * address); then, as evidence rather than resemblance, the match is weighed by how many people
 * share the name: a name with many namesakes and nothing to confirm it is weak evidence
 * (docs/design.md §4; evidence/name-rarity.ts).
 */
import type { CompiledEntity, PersonNameRecord } from '../compiled-register.js'
import { describeNamesakes, exactForms, expectedNamesakes, partKeys, substantivePartCount } from '../evidence/name-rarity.js'
import { parseDateOfBirth } from '../normalise/date-of-birth.js'
import { latinPersonNames, parsePersonName, type PersonName } from '../normalise/person-name.js'
import { compareDatesOfBirth, type DateOfBirthAgreement } from '../score/date-of-birth-score.js'
import { personNameWeights, scoreWeightedPersonNames, type PersonNameScore } from '../score/person-name-score.js'
import type { MatchingOptions } from '../tuning.js'
import type { Reason } from '../types.js'
import { personCandidates } from './person-candidates.js'
import { addressQualifier, maxAddressAdjust, round, type ScreeningContext } from './screening-context.js'

export interface ScreenedPerson {
  readonly name: string
  readonly dateOfBirth?: string | undefined
}

/**
 * The chance that two unrelated people's dates of birth agree as closely as these do: 1 when
 * they do not agree (or one is missing), so namesakes are not thinned by a disagreeing date.
 */
function chanceAgreement(agreement: DateOfBirthAgreement | null, options: MatchingOptions): number {
  if (agreement === null) return 1
  const chance = options.dobChanceAgreement
  if (agreement.score >= 1) return chance.full
  const scores = options.dobAgreementScores
  // Year and month, or the full date with day and month swapped.
  if (agreement.score >= Math.min(scores.yearMonth, scores.swapped)) return chance.yearMonth
  // Year alone, or dates one digit apart.
  if (agreement.score >= Math.min(scores.year, scores.oneDigit)) return chance.year
  return 1
}

/** Han, Hangul and Kana: scripts whose names reach Latin through romanisation systems that differ. */
const SYLLABIC = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u

/**
 * The shorter of two names: namesakes of the parts both give, not of a middle name one side
 * lacks. Of two names as long, the register's: a misspelt query part is rarer than the name it
 * stands for.
 */
function commonPart(query: PersonName, record: PersonName): PersonName {
  return substantivePartCount(query) < substantivePartCount(record) ? query : record
}

/** Screens the name as written and, for a name in Han, Hangul or Kana, its romanisations. */
export function screenPerson(field: string, person: ScreenedPerson, context: ScreeningContext): void {
  const max = context.options.maxNameTokens
  for (const query of [parsePersonName(person.name, max), ...latinPersonNames(person.name, max)]) screenPersonForm(field, person, query, context)
}

function screenPersonForm(field: string, person: ScreenedPerson, query: PersonName, context: ScreeningContext): void {
  const { options, register } = context
  if (query.tokens.length === 0) return
  const dob = parseDateOfBirth(person.dateOfBirth)
  const index = register.personNames
  const ownWeights = options === register.options
  const queryWeights = personNameWeights(query, options)
  const best = new Map<number, { score: number; agreeingParts: number; scored: PersonNameScore; record: PersonNameRecord }>()
  for (const r of personCandidates(query, dob, context)) {
    const record = index.records[r] as PersonNameRecord
    const recordWeights = ownWeights ? record.weights : personNameWeights(record.name, options)
    const result = scoreWeightedPersonNames(query, queryWeights, record.name, recordWeights, options)
    const previous = best.get(record.entity)
    if (previous === undefined || result.score > previous.score) {
      best.set(record.entity, { score: result.score, agreeingParts: result.agreeingParts, scored: result, record })
    }
  }
  for (const [entityIndex, hit] of best) {
    if (hit.agreeingParts === 0) continue
    // Even the best qualifiers, or corroboration, cannot lift this name to the threshold.
    if (Math.max(hit.score, options.corroboratedNameFloor) + options.dobExactBonus + options.samePremisesBonus < options.minMatchScore) continue
    const entity = register.compiled[entityIndex] as CompiledEntity
    const dobAgreement = dob !== null && entity.dateOfBirth !== null ? compareDatesOfBirth(dob, entity.dateOfBirth, options) : null
    // Without the full date agreeing there is no corroboration, and if even the best address
    // bonus leaves the score short, the addresses need not be compared.
    if (
      dobAgreement?.score !== 1 &&
      (dobAgreement === null ? hit.score : hit.score + dobAgreement.adjust) + maxAddressAdjust(options) < options.minMatchScore
    ) {
      continue
    }
    const address = addressQualifier(entity, context)
    // Same full date of birth at the same premises or postcode: a changed surname (marriage, alias) or a
    // mistyped given name is still the same person, so the name conflict is capped.
    const corroborated = dobAgreement !== null && dobAgreement.score === 1 && address.reason !== null
    const lifted = corroborated && hit.score < options.corroboratedNameFloor
    let score = lifted ? options.corroboratedNameFloor : hit.score
    const candidate = hit.record.name.raw
    const reasons: Reason[] = [{ feature: 'person_name', score: round(hit.score), query: person.name, candidate, detail: '' }]
    if (dobAgreement !== null && dob !== null && entity.dateOfBirth !== null) {
      score += dobAgreement.adjust
      reasons.push({ feature: 'date_of_birth', score: dobAgreement.score, query: dob.text, candidate: entity.dateOfBirth.text, detail: dobAgreement.detail })
    }
    if (address.reason !== null) {
      score += address.adjust
      reasons.push(address.reason)
    }
    if (score < options.minMatchScore) continue
    ;(reasons[0] as Reason).detail = hit.scored.describe() + (lifted ? '; names differ in part, but date of birth and address both agree' : '')
    const bearer = partKeys(hit.record.name.tokens)
    const shorter = commonPart(query, hit.record.name)
    // Romanisations of one Hangul or Han name differ by system (Gim/Kim, Minjun/Min-jun): across
    // scripts a part that agrees only in spelling is still the same written name.
    const crossScript = SYLLABIC.test(person.name) || SYLLABIC.test(candidate)
    const other = crossScript ? undefined : exactForms((shorter === query ? hit.record.name : query).tokens)
    const namesakes = expectedNamesakes(shorter, register.personParts, options, bearer, other)
    const remaining = namesakes * chanceAgreement(dobAgreement, options)
    const confirmedByAddress = address.reason !== null && !address.shared
    const weak = !confirmedByAddress && remaining > options.maxNamesakes
    if (weak || (!confirmedByAddress && dobAgreement === null)) {
      reasons.push({
        feature: 'name_frequency',
        score: 0,
        query: person.name,
        candidate,
        detail: weak
          ? `common name: ${describeNamesakes(namesakes)} share it${dobAgreement === null ? '' : `, ${describeNamesakes(remaining)} with this date of birth`}`
          : `rare name: ${describeNamesakes(namesakes)} share it`,
      })
    }
    context.collector.add(field, person.name, entityIndex, score, reasons, weak)
  }
}
