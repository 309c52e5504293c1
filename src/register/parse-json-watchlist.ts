/**
 * Parses and validates a JSON watchlist upload (docs/design.md §3).
 *
 * The shape is checked with the zod schemas of content/json-schemas.ts, one group header and one
 * entity at a time, so that a bad entity is reported without hiding the others; the meaning of
 * each value (dates, postcodes, identifiers) is then checked by the validator the CSV parser
 * shares. Locations are JSON-pointer paths such as `/groups/3/entities/2/dateOfBirth`.
 */
import type { z } from 'zod'
import { decodeUtf8 } from '../rules/text.js'
import { buildEntity } from './content/build-entity.js'
import { buildGroupHeader } from './content/build-group.js'
import { createValidationContext, type ErrorLocation, type FieldLocator, type FieldName, type ValidationContext } from './content/field-checks.js'
import { WatchlistEntityJsonSchemas, WatchlistGroupHeaderJsonSchema } from './content/json-schemas.js'
import { ENTITY_TYPES, type EntityType } from './content/limits.js'
import { UploadErrorCode } from './content/upload-errors.js'
import {
  failedResult,
  succeededResult,
  type WatchlistEntity,
  type WatchlistGroup,
  type WatchlistParseOptions,
  type WatchlistParseResult,
  type WatchlistUploadBody,
} from './content/watchlist-types.js'

export type { WatchlistUploadBody } from './content/watchlist-types.js'

/**
 * Reads, decodes (strict UTF-8), parses and validates a JSON upload. Bytes that are not UTF-8,
 * text that is not JSON and an upload without groups are errors like any other.
 */
export async function parseJsonWatchlist(input: WatchlistUploadBody, options: WatchlistParseOptions = {}): Promise<WatchlistParseResult> {
  const ctx = createValidationContext(options)
  const text = await readText(input, ctx)
  if (text === undefined) return failedResult(ctx.errors)
  if (text.trim().length === 0) {
    ctx.errors.add({ code: UploadErrorCode.EMPTY_UPLOAD, message: 'the upload is empty' })
    return failedResult(ctx.errors)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    // JSON.parse messages quote the text around the fault, which may be personal data, so
    // only the position is passed on.
    const position = /position ([0-9]+)/.exec(error instanceof Error ? error.message : '')
    ctx.errors.add({
      code: UploadErrorCode.MALFORMED_JSON,
      message: position === null ? 'the upload is not valid JSON' : `the upload is not valid JSON (fault at character ${position[1]})`,
    })
    return failedResult(ctx.errors)
  }
  return validateWatchlistValue(value, ctx)
}

/** Validates an already parsed JSON value (for callers whose HTTP layer parsed the body). */
export function validateJsonWatchlist(value: unknown, options: WatchlistParseOptions = {}): WatchlistParseResult {
  return validateWatchlistValue(value, createValidationContext(options))
}

async function readText(input: WatchlistUploadBody, ctx: ValidationContext): Promise<string | undefined> {
  if (typeof input === 'string') return input.startsWith('\uFEFF') ? input.slice(1) : input
  let bytes: Uint8Array
  if (input instanceof Uint8Array) {
    bytes = input
  } else {
    const chunks: Buffer[] = []
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)
    }
    bytes = Buffer.concat(chunks)
  }
  const text = decodeUtf8(bytes)
  if (text === null) {
    ctx.errors.add({
      code: UploadErrorCode.INVALID_ENCODING,
      message: 'the upload is not valid UTF-8 text; save it with UTF-8 encoding',
    })
    return undefined
  }
  return text
}

function validateWatchlistValue(value: unknown, ctx: ValidationContext): WatchlistParseResult {
  if (!isPlainObject(value)) {
    ctx.errors.add({
      path: '',
      code: UploadErrorCode.INVALID_FIELD_TYPE,
      message: 'the upload must be a JSON object with a "groups" array',
    })
    return failedResult(ctx.errors)
  }
  const { groups, ...rest } = value
  const extra = Object.keys(rest)
  if (extra.length > 0) reportIssues(ctx, [{ code: 'unrecognized_keys', keys: extra, path: [], message: '', input: rest }], '', rest)
  if (groups === undefined) {
    ctx.errors.add({ path: '/groups', code: UploadErrorCode.MISSING_REQUIRED_FIELD, message: 'groups is required' })
    return failedResult(ctx.errors)
  }
  if (!Array.isArray(groups)) {
    ctx.errors.add({ path: '/groups', code: UploadErrorCode.INVALID_FIELD_TYPE, message: 'groups must be an array' })
    return failedResult(ctx.errors)
  }
  if (groups.length === 0) {
    ctx.errors.add({ path: '/groups', code: UploadErrorCode.EMPTY_UPLOAD, message: 'the upload has no groups' })
    return failedResult(ctx.errors)
  }

  const out: WatchlistGroup[] = []
  const firstIndexOfRef = new Map<string, number>()
  groups.forEach((rawGroup: unknown, g) => {
    const groupPath = `/groups/${g}`
    const group = validateGroup(ctx, rawGroup, g, groupPath)
    // A reused reference is reported even when the group has other problems: one round, not two.
    const ref = group?.ref ?? rawRef(rawGroup)
    if (ref === undefined) return
    const seen = firstIndexOfRef.get(ref)
    if (seen !== undefined) {
      ctx.errors.add({
        path: `${groupPath}/ref`,
        code: UploadErrorCode.DUPLICATE_GROUP_REF,
        message: `group reference is already used by /groups/${seen}; each group's ref must be unique`,
      })
      return
    }
    firstIndexOfRef.set(ref, g)
    if (group !== undefined) out.push(group)
  })
  if (ctx.errors.total > 0) return failedResult(ctx.errors)
  return succeededResult({ groups: out })
}

/** The trimmed reference of a group that failed validation, when it has one. */
function rawRef(raw: unknown): string | undefined {
  if (!isPlainObject(raw) || typeof raw.ref !== 'string') return undefined
  const ref = raw.ref.trim()
  return ref.length > 0 ? ref : undefined
}

function validateGroup(ctx: ValidationContext, raw: unknown, g: number, groupPath: string): WatchlistGroup | undefined {
  if (!isPlainObject(raw)) {
    ctx.errors.add({ path: groupPath, code: UploadErrorCode.INVALID_FIELD_TYPE, message: 'a group must be a JSON object' })
    return undefined
  }
  const parsed = WatchlistGroupHeaderJsonSchema.safeParse(raw)
  let header: Omit<WatchlistGroup, 'entities'> | null = null
  if (parsed.success) header = buildGroupHeader(ctx, groupLocator(g), parsed.data)
  else reportIssues(ctx, parsed.error.issues, groupPath, raw)

  // Entities are checked even when the header is bad, so that one upload reports everything.
  const entities: WatchlistEntity[] = []
  let entitiesValid = true
  if (Array.isArray(raw.entities)) {
    const rawEntities: unknown[] = raw.entities
    for (let e = 0; e < rawEntities.length; e += 1) {
      const entity = validateEntity(ctx, rawEntities[e], g, e)
      if (entity === undefined) entitiesValid = false
      else entities.push(entity)
    }
  }
  if (header === null || !entitiesValid) return undefined
  return { ...header, entities }
}

function validateEntity(ctx: ValidationContext, raw: unknown, g: number, e: number): WatchlistEntity | undefined {
  const path = `/groups/${g}/entities/${e}`
  if (!isPlainObject(raw)) {
    ctx.errors.add({ path, code: UploadErrorCode.INVALID_FIELD_TYPE, message: 'an entity must be a JSON object' })
    return undefined
  }
  const type = raw.type
  if (type === undefined || type === null || type === '') {
    ctx.errors.add({ path: `${path}/type`, code: UploadErrorCode.MISSING_REQUIRED_FIELD, message: 'type is required for every entity' })
    return undefined
  }
  if (typeof type !== 'string' || !isEntityType(type)) {
    ctx.errors.add({
      path: `${path}/type`,
      code: UploadErrorCode.INVALID_ENTITY_TYPE,
      message: `type must be one of ${ENTITY_TYPES.join(', ')}`,
    })
    return undefined
  }
  const parsed = WatchlistEntityJsonSchemas[type].safeParse(raw)
  if (!parsed.success) {
    reportIssues(ctx, parsed.error.issues, path, raw)
    return undefined
  }
  return buildEntity(ctx, entityLocator(g, e), parsed.data)
}

function isEntityType(value: string): value is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(value)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// ---------------------------------------------------------------------------------------------
// Locations

const GROUP_KEYS: Partial<Record<FieldName, string>> = {
  groupRef: 'ref',
  groupName: 'name',
  groupAliases: 'aliases',
  riskLevel: 'riskLevel',
  handling: 'handling',
  notes: 'notes',
}

function groupLocator(g: number): FieldLocator {
  return {
    locate(field, _addressIndex, itemIndex): ErrorLocation {
      const key = GROUP_KEYS[field] ?? field
      return { path: `/groups/${g}/${key}${itemIndex === undefined ? '' : `/${itemIndex}`}` }
    },
  }
}

const ADDRESS_FIELDS: ReadonlySet<FieldName> = new Set(['lines', 'town', 'postcode', 'country', 'uprn'])

function entityLocator(g: number, e: number): FieldLocator {
  const base = `/groups/${g}/entities/${e}`
  return {
    locate(field, addressIndex, itemIndex): ErrorLocation {
      const item = itemIndex === undefined ? '' : `/${itemIndex}`
      const address = addressIndex === undefined ? '/address' : `/addresses/${addressIndex}`
      if (field === 'address') return { path: `${base}${address}` }
      if (ADDRESS_FIELDS.has(field)) return { path: `${base}${address}/${field}${item}` }
      return { path: `${base}/${field}${item}` }
    },
  }
}

// ---------------------------------------------------------------------------------------------
// zod issues to upload errors

/** Property names are echoed only when they look like identifiers, never as free text. */
const ECHOABLE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/

function reportIssues(ctx: ValidationContext, issues: readonly z.core.$ZodIssue[], prefix: string, raw: unknown): void {
  for (const issue of issues) {
    const path = prefix + issue.path.map((key) => `/${escapePointer(String(key))}`).join('')
    const last = issue.path[issue.path.length - 1]
    const name = last === undefined ? 'value' : typeof last === 'number' ? `item ${last}` : String(last)
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          ctx.errors.add({
            path: `${path}/${escapePointer(key)}`,
            code: UploadErrorCode.UNKNOWN_FIELD,
            message: ECHOABLE_KEY.test(key) ? `unknown field "${key}"` : 'unknown field',
          })
        }
        break
      case 'invalid_type':
        if (valueAt(raw, issue.path) === undefined) {
          ctx.errors.add({ path, code: UploadErrorCode.MISSING_REQUIRED_FIELD, message: `${name} is required` })
        } else {
          ctx.errors.add({ path, code: UploadErrorCode.INVALID_FIELD_TYPE, message: `${name} must be ${article(issue.expected)}` })
        }
        break
      case 'too_big':
        ctx.errors.add({
          path,
          code: UploadErrorCode.FIELD_TOO_LONG,
          message:
            issue.origin === 'array' ? `${name} has more than ${String(issue.maximum)} items` : `${name} is longer than ${String(issue.maximum)} characters`,
        })
        break
      default:
        ctx.errors.add({ path, code: UploadErrorCode.INVALID_FIELD_TYPE, message: `${name} has the wrong type` })
    }
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<PropertyKey, unknown>)[key]
  }
  return node
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}
