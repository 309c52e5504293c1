/**
 * Screens one supplier name (its registered name, a trading name, or one part of "A t/a B")
 * against the register's company names and aliases and its groups' names and aliases. A
 * distinctive company name that differs only in form is evidence on its own (docs/design.md §4); the
 * entity's own address raises it and a different company number lowers it.
 */
import type { CompanyNameRecord, CompiledEntity } from '../compiled-register.js'
import type { CompanyName } from '../normalise/company-name.js'
import { companyNameWeights, scoreWeightedCompanyNames, type CompanyNameScore } from '../score/company-name-score.js'
import type { Reason } from '../types.js'
import { addressQualifier, candidatesOf, round, type ScreeningContext } from './screening-context.js'

/** `query` is the supplier name parsed once by the caller, who also reads it to decide whether it may be a person's. */
export function screenCompanyName(field: string, query: CompanyName, context: ScreeningContext): void {
  const { options, register } = context
  const raw = query.raw
  if (query.tokens.length === 0) return
  const index = register.companyNames
  const candidates = candidatesOf(index, query, options.companyCandidateCoverage, context)
  // The register's precomputed weights hold only under the options it was compiled with.
  const ownWeights = options === register.options
  const queryWeights = companyNameWeights(query, register.companyWords, options)
  const best = new Map<number, { score: number; scored: CompanyNameScore; candidate: string }>()
  for (const r of candidates) {
    const record = index.records[r] as CompanyNameRecord
    const recordWeights = ownWeights ? record.weights : companyNameWeights(record.name, register.companyWords, options)
    const result = scoreWeightedCompanyNames(query, queryWeights, record.name, recordWeights, options)
    const previous = best.get(record.entity)
    if (previous === undefined || result.score > previous.score) best.set(record.entity, { score: result.score, scored: result, candidate: record.name.raw })
  }
  for (const [entityIndex, hit] of best) {
    // Even the best qualifier cannot lift a name this far below the threshold.
    if (hit.score + options.samePremisesBonus < options.minMatchScore) continue
    const entity = register.compiled[entityIndex] as CompiledEntity
    let score = hit.score
    const feature = entity.kind === 'group' ? 'group_name' : 'company_name'
    const reasons: Reason[] = [{ feature, score: round(hit.score), query: raw, candidate: hit.candidate, detail: '' }]
    const address = addressQualifier(entity, context)
    if (address.reason !== null) {
      score += address.adjust
      reasons.push(address.reason)
    }
    if (context.companyNumber !== null && entity.companyNumber !== null && context.companyNumber !== entity.companyNumber) {
      score -= options.companyNumberConflictPenalty
      reasons.push({
        feature: 'company_number',
        score: 0,
        query: context.companyNumberRaw ?? context.companyNumber,
        candidate: entity.companyNumber,
        detail: 'company numbers differ: a namesake, or a successor company',
      })
    }
    if (score < options.minMatchScore) continue
    const described = hit.scored.describe()
    ;(reasons[0] as Reason).detail = feature === 'group_name' ? `the group's own name or alias; ${described}` : described
    context.collector.add(field, raw, entityIndex, score, reasons)
  }
}
