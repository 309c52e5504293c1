/**
 * The register people worth scoring against one queried person. The name index ranks records by
 * the name alone, so its cut at `maxCandidatesPerName` is blind to the date of birth: when more
 * register people share a name than it returns ("John Smith", a Korean name in each of its
 * romanisations), or a common surname outranks a given name written otherwise (Ken/Kenneth
 * Khan), the one person whose date agrees may fall past it. So with a date given and the usual
 * list full, a wider list is asked for, and the records past the usual cut are kept only when
 * their person's date agrees to the month at least. People sharing the full date are candidates
 * whatever their name: a replaced given name or a married surname leaves the date as the
 * strongest key.
 */
import { dateKey, type CompiledEntity, type PersonNameRecord } from '../compiled-register.js'
import type { PartialDate } from '../normalise/date-of-birth.js'
import type { PersonName } from '../normalise/person-name.js'
import { compareDatesOfBirth } from '../score/date-of-birth-score.js'
import { candidatesOf, type ScreeningContext } from './screening-context.js'

/** Records to score: the index's usual best, the dated ones past its cut, then people sharing the full date. */
export function personCandidates(query: PersonName, dob: PartialDate | null, context: ScreeningContext): number[] {
  const { options, register } = context
  const index = register.personNames
  const usual = options.maxCandidatesPerName
  const candidates = candidatesOf(index, query, options.personCandidateCoverage, context)
  // Nothing was cut and no full date to look up: the usual list is all (most queries).
  if (dob === null || (candidates.length < usual && dob.day === null)) return candidates
  // Only a full list may have cut someone; the wider one is asked for apart, as a longer list
  // also lowers the index's floor and would let in records it ranks too low to score.
  const found =
    candidates.length < usual ? candidates : candidatesOf(index, query, options.personCandidateCoverage, context, usual * options.datedCandidateFactor)
  const seen = new Set(candidates)
  // To the month at least (or the full date with day and month swapped): a year alone is shared
  // by one adult in 60, too many to reach past the cut for.
  const closeEnough = Math.min(options.dobAgreementScores.yearMonth, options.dobAgreementScores.swapped)
  for (const r of found) {
    if (seen.has(r)) continue
    const date = (register.compiled[(index.records[r] as PersonNameRecord).entity] as CompiledEntity).dateOfBirth
    // The year first: it rules out nearly every namesake without building an agreement.
    if (date !== null && date.year === dob.year && compareDatesOfBirth(dob, date, options).score >= closeEnough) {
      seen.add(r)
      candidates.push(r)
    }
  }
  if (dob.day !== null) {
    for (const r of register.personDates.get(dateKey(dob)) ?? []) {
      const entity = (index.records[r] as PersonNameRecord).entity
      if (!seen.has(r) && context.allowed[register.entityOwner[entity] as number] === 1) {
        seen.add(r)
        candidates.push(r)
      }
    }
  }
  return candidates
}
