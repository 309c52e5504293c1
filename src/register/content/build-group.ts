/** A group's own fields (reference, name, aliases, risk level, handling, notes), checked. */
import { FIELD_LIMITS as L, RISK_LEVELS, type RiskLevel } from './limits.js'
import { checkText, checkTextList, report, reportRequired, type FieldLocator, type ValidationContext } from './field-checks.js'
import { UploadErrorCode } from './upload-errors.js'
import type { WatchlistGroup } from './watchlist-types.js'

/** Draft of a group's own fields, as read from either format. */
export interface GroupDraft {
  ref?: string | null
  name?: string | null
  aliases?: readonly string[] | null
  riskLevel?: string | null
  handling?: string | null
  notes?: string | null
}

export type GroupHeader = Omit<WatchlistGroup, 'entities'>

/** The checked group fields, or null after reporting every problem with them. */
export function buildGroupHeader(ctx: ValidationContext, locator: FieldLocator, draft: GroupDraft): GroupHeader | null {
  const before = ctx.errors.total
  const ref = checkText(ctx, locator, 'groupRef', draft.ref, L.groupRef)
  const name = checkText(ctx, locator, 'groupName', draft.name, L.groupName)
  const aliases = checkTextList(ctx, locator, 'groupAliases', draft.aliases, L.alias, L.aliases)
  const riskLevel = checkRiskLevel(ctx, locator, draft.riskLevel)
  const handling = checkText(ctx, locator, 'handling', draft.handling, L.handling)
  const notes = checkText(ctx, locator, 'notes', draft.notes, L.notes)
  if (ref === null) reportRequired(ctx, locator, 'groupRef', 'every group')
  if (name === null) reportRequired(ctx, locator, 'groupName', 'every group')
  if (
    ctx.errors.total !== before ||
    ref == null ||
    name == null ||
    riskLevel == null ||
    aliases === undefined ||
    handling === undefined ||
    notes === undefined
  ) {
    return null
  }
  return { ref, name, aliases, riskLevel, handling, notes }
}

function isRiskLevel(value: string): value is RiskLevel {
  return (RISK_LEVELS as readonly string[]).includes(value)
}

/** Risk level in lower case; null when absent (reported), undefined when invalid (reported). */
function checkRiskLevel(ctx: ValidationContext, locator: FieldLocator, raw: string | null | undefined): RiskLevel | null | undefined {
  const value = checkText(ctx, locator, 'riskLevel', raw, L.riskLevel)
  if (value === undefined) return undefined
  if (value === null) {
    reportRequired(ctx, locator, 'riskLevel', 'every group')
    return null
  }
  const lower = value.toLowerCase()
  if (isRiskLevel(lower)) return lower
  report(ctx, locator, 'riskLevel', UploadErrorCode.INVALID_RISK_LEVEL, `risk level must be ${RISK_LEVELS.slice(0, -1).join(', ')} or ${RISK_LEVELS.at(-1)}`)
  return undefined
}
