/**
 * Screens a supplier's addresses, company number, phones, e-mails and website against the
 * register's exact keys. An agreeing value that entities of many groups hold (a formation
 * agent's office, a switchboard, a mailbox provider) is weak evidence, with a reason saying how
 * widely it is shared (evidence/shared-values.ts); mailbox providers known from public lists are
 * not compared by domain at all.
 */
import { addressKeysOf, type CompiledEntity } from '../compiled-register.js'
import { describeSharing, premisesKey } from '../evidence/shared-values.js'
import { canonicalDomain, canonicalEmail } from '../normalise/email.js'
import { phoneToE164 } from '../normalise/phone.js'
import { MAILBOX_DOMAINS } from '../reference-data.js'
import { compareAddresses } from '../score/address-score.js'
import type { Reason } from '../types.js'
import { round, type ScreeningContext, type SupplierAddress } from './screening-context.js'

/** Whether entities of enough groups hold `key` to make it a shared value; the reason when so. */
function sharedReason(key: string | null, feature: string, query: string, candidate: string, context: ScreeningContext): Reason | null {
  const sharing = key === null ? undefined : context.register.sharing.get(key)
  if (sharing === undefined || sharing.groups < context.options.sharedValueMinGroups) return null
  return { feature: 'shared_value', score: 0, query, candidate, detail: describeSharing(feature, sharing) }
}

export function screenAddress(address: SupplierAddress, context: ScreeningContext): void {
  const { register } = context
  const seen = new Set<number>()
  for (const key of addressKeysOf(address.parsed)) {
    for (const record of register.addressKeys.get(key) ?? []) {
      if (seen.has(record)) continue
      seen.add(record)
      const candidate = register.addresses[record]
      if (candidate === undefined || context.allowed[register.entityOwner[candidate.entity] as number] !== 1) continue
      const agreement = compareAddresses(address.parsed, candidate.address, context.options)
      if (agreement.score <= 0) continue
      const display = address.parsed.display
      const shared = sharedReason(premisesKey(candidate.address), 'address', display, candidate.address.display, context)
      const reasons: Reason[] = [
        { feature: 'address', score: round(agreement.score), query: display, candidate: candidate.address.display, detail: agreement.detail },
      ]
      if (shared !== null) reasons.push(shared)
      context.collector.add(address.field, display, candidate.entity, agreement.score, reasons, shared !== null)
    }
  }
}

function screenKey(field: string, raw: string, key: string, feature: string, score: number, detail: string, context: ScreeningContext): void {
  const { register } = context
  const entities = register.identifierKeys.get(key)
  if (entities === undefined) return
  for (const entityIndex of entities) {
    if (context.allowed[register.entityOwner[entityIndex] as number] !== 1) continue
    const entity = register.compiled[entityIndex] as CompiledEntity
    const candidate = entity.companyNumber ?? entity.display
    const reasons: Reason[] = [{ feature, score, query: raw, candidate, detail }]
    const shared = sharedReason(key, feature, raw, candidate, context)
    if (shared !== null) reasons.push(shared)
    context.collector.add(field, raw, entityIndex, score, reasons, shared !== null)
  }
}

/** A business domain (not a mailbox provider's) against register websites and e-mail domains. */
function screenDomain(field: string, raw: string, domain: string, from: 'e-mail' | 'website', context: ScreeningContext): void {
  if (MAILBOX_DOMAINS.has(domain)) return
  const score = context.options.sharedDomainScore
  if (from === 'e-mail') screenKey(field, raw, `web:${domain}`, 'email_domain', score, `e-mail domain ${domain} is the register entry's website`, context)
  screenKey(field, raw, `maildomain:${domain}`, 'email_domain', score, `${from} domain ${domain} is the register entry's e-mail domain`, context)
}

export interface ScreenedIdentifiers {
  readonly companyNumberRaw: string | undefined
  readonly phones: readonly string[]
  readonly emails: readonly string[]
  readonly website: string | undefined
}

export function screenIdentifiers(ids: ScreenedIdentifiers, context: ScreeningContext): void {
  const opts = context.options
  if (context.companyNumber !== null && ids.companyNumberRaw !== undefined) {
    const number = context.companyNumber
    screenKey(
      'supplier.companyNumber',
      ids.companyNumberRaw,
      `cn:${number}`,
      'company_number',
      opts.companyNumberScore,
      `Companies House number ${number} agrees`,
      context,
    )
  }
  ids.phones.forEach((raw, i) => {
    const phone = phoneToE164(raw)
    if (phone !== null) screenKey(`supplier.phones[${i}]`, raw, `tel:${phone}`, 'phone', opts.phoneScore, `phone number ${phone} agrees`, context)
  })
  ids.emails.forEach((raw, i) => {
    const email = canonicalEmail(raw)
    if (email === null) return
    const field = `supplier.emails[${i}]`
    screenKey(field, raw, `email:${email}`, 'email', opts.emailScore, `e-mail address ${email} agrees`, context)
    screenDomain(field, raw, email.slice(email.lastIndexOf('@') + 1), 'e-mail', context)
  })
  if (ids.website !== undefined) {
    const domain = canonicalDomain(ids.website)
    if (domain === null) return
    screenKey('supplier.website', ids.website, `web:${domain}`, 'website', opts.websiteScore, `website domain ${domain} agrees`, context)
    screenDomain('supplier.website', ids.website, domain, 'website', context)
  }
}
