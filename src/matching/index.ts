/**
 * Bidscreen's matching library (docs/design.md §4): a pure function of a compiled register and a
 * supplier. No HTTP, storage, environment or logging here; the register and screening layers
 * call exactly these exports.
 */
export type {
  Address,
  Band,
  EntityKind,
  Match,
  Reason,
  RegisterEntity,
  RegisterGroup,
  RegisterInput,
  RegisterSource,
  RiskLevel,
  ScreeningResult,
  ScreeningScope,
  Supplier,
  SupplierPerson,
} from './types.js'
export { compileRegister, compileRegisterSteps } from './compile-register.js'
export { CompiledRegister } from './compiled-register.js'
export { findMatches, screenSupplier } from './screen-supplier.js'
export { aggregateRisk } from './aggregate-risk.js'
export { compareNames } from './compare-names.js'
export { defaultMatchingOptions, type EvidenceKind, type MatchingOptions } from './tuning.js'
export { MatchingInputError, type MatchingInputErrorCode } from './errors.js'
// Canonical keys of identifiers, for the register's validator: one definition, here.
export { canonicalCompanyNumber } from './normalise/company-number.js'
export { canonicalDomain, canonicalEmail } from './normalise/email.js'
export { phoneToE164 } from './normalise/phone.js'
export { canonicalPostcode } from './normalise/postcode.js'
// How the matcher keys premises, for counting shared premises outside a register (src/tenders).
export { premisesKeyOf } from './premises-key.js'
