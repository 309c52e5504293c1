/**
 * One supplier's matches → riskScore (0–100) and band (docs/design.md §4.5). Each match becomes
 * evidence for its group: its score above `evidenceFloor`, scaled to [0, 1], times how much its
 * kind of field can say alone. Evidence from different kinds of field (a director and an address)
 * is combined as independent (noisy-OR: 1 − Π(1 − eᵢ)), so two moderate links outweigh one
 * weak name hit; within one kind only the strongest counts, so ten trading names that all echo
 * one register name do not add up. A weak match (a common name alone, a shared value) carries at
 * most `weakEvidenceCap`, so alone it stays in band low while, beside independent evidence for
 * the same group, it still adds up. The group's risk level scales the result; the riskiest group
 * sets the supplier's score.
 */
import type { CompiledRegister } from './compiled-register.js'
import { resolveOptions, type EvidenceKind, type MatchingOptions } from './tuning.js'
import type { Band, Match } from './types.js'

/** The kind of evidence a match is: a person matched through a supplier name (a sole trader) is a person. */
export function evidenceKindOf(match: Pick<Match, 'field' | 'entity'>): EvidenceKind {
  const field = match.field
  if (match.entity.kind === 'person' || field.startsWith('supplier.people')) return 'person'
  if (field === 'supplier.name' || field.startsWith('supplier.tradingNames')) return 'companyName'
  if (field.startsWith('supplier.addresses')) return 'address'
  if (field === 'supplier.companyNumber') return 'companyNumber'
  if (field.startsWith('supplier.phones')) return 'phone'
  if (field.startsWith('supplier.emails')) return 'email'
  return 'website'
}

function bandOf(riskScore: number, options: MatchingOptions): Band {
  const t = options.bandThresholds
  if (riskScore >= t.high) return 'high'
  if (riskScore >= t.medium) return 'medium'
  if (riskScore >= t.low) return 'low'
  return 'none'
}

export function aggregateRisk(register: CompiledRegister, matches: readonly Match[], options?: Partial<MatchingOptions>): { riskScore: number; band: Band } {
  const opts = options === undefined ? register.options : resolveOptions({ ...register.options, ...options })
  const byGroup = new Map<string, Map<EvidenceKind, number>>()
  for (const match of matches) {
    const kind = evidenceKindOf(match)
    const strength = Math.max(0, Math.min(1, (match.score - opts.evidenceFloor) / (1 - opts.evidenceFloor))) * opts.evidenceCredibility[kind]
    const evidence = match.weak ? Math.min(strength, opts.weakEvidenceCap) : strength
    let kinds = byGroup.get(match.groupId)
    if (kinds === undefined) byGroup.set(match.groupId, (kinds = new Map<EvidenceKind, number>()))
    kinds.set(kind, Math.max(kinds.get(kind) ?? 0, evidence))
  }
  let worst = 0
  for (const [groupId, kinds] of byGroup) {
    const group = register.groups.get(groupId)
    if (group === undefined) continue
    let none = 1
    for (const evidence of kinds.values()) none *= 1 - evidence
    const risk = (1 - none) * (opts.riskLevelFactor[group.riskLevel] ?? 1)
    if (risk > worst) worst = risk
  }
  // Any returned match deserves an officer's look, so it is at least band low.
  const riskScore = matches.length === 0 ? 0 : Math.max(opts.bandThresholds.low, Math.round(100 * worst))
  return { riskScore, band: bandOf(riskScore, opts) }
}
