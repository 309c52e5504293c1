/**
 * Generated requests for one route: mostly a valid request with one part made hostile (so that
 * the request gets past authentication and into validation and the use case), and a share of
 * wholly hostile ones (tokens, content types, raw bytes, bodies of any shape).
 */
import fc from 'fast-check'
import type { FuzzWorld } from './fuzz-world.js'
import { deepJson, forgedCursor, hostileKey, hostileString, hostileValue, invalidUtf8, invalidUtf8Json, objectWithKeys, percentEncode } from './hostile.js'
import { hostileAuthorization } from './hostile-tokens.js'
import type { RouteModel, TokenRole } from './route-models.js'

export interface FuzzRequest {
  transport: 'inject' | 'http'
  method: string
  url: string
  headers: Record<string, string>
  body?: Buffer
  /** Who the Authorization header makes the caller: a role the route admits, another role, a forged or broken token, or nobody. */
  caller: 'admitted' | 'other-role' | 'hostile' | 'anonymous'
}

const ALL_ROLES: TokenRole[] = ['admin', 'police', 'screener', 'officer']

/** Path fragments that are not one segment of UTF-8: the router and URL decoder must refuse them cleanly. */
// The Latin-1 characters go out as single raw bytes (0xFF; 0xC0 0xAF, an overlong '/') over HTTP.
const RAW_SEGMENTS = ['%FF', '%C0%AF', '%', '%zz', '..%2F..', '%2e%2e', '%00', '%ED%A0%80', 'x'.repeat(101), '', '%20', 'a%2Fb', '\u00ff', '\u00c0\u00af']

const segment = (valid: string[]) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...(valid.length ? valid : ['x'])) },
    { weight: 3, arbitrary: hostileString.map(percentEncode) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
  )

function queryArbitrary(model: RouteModel): fc.Arbitrary<string> {
  const known = Object.entries(model.query ?? {})
  const validPairs = known.length
    ? fc.subarray(known).chain((entries) => fc.tuple(...entries.map(([key, values]) => fc.constantFrom(...values).map((v) => [key, v] as [string, string]))))
    : fc.constant([] as [string, string][])
  const keys = known.map(([key]) => key)
  const key = keys.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys, 'cursor') }, hostileKey) : fc.oneof(fc.constant('cursor'), hostileKey)
  const hostilePair = key.chain((k) => fc.tuple(fc.constant(k), k === 'cursor' ? forgedCursor : fc.oneof(hostileString, forgedCursor)))
  const mutated = fc.tuple(validPairs, fc.array(hostilePair, { minLength: 1, maxLength: 3 })).map(([valid, hostile]) => [...valid, ...hostile])
  const encode = (pairs: [string, string][]) => pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')
  return fc.oneof(
    { weight: 2, arbitrary: validPairs.map(encode) },
    { weight: 5, arbitrary: mutated.map(encode) },
    { weight: 1, arbitrary: fc.constantFrom('%FF=1', 'limit=%', 'cursor=%zz', '=', '&&&', 'limit', 'a[b]=1', '__proto__[x]=1', 'limit=1&limit=2') },
  )
}

/** Every path into an example value, so that one place in it can be replaced, removed or given a sibling. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))]
  if (value && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))]
  return [prefix]
}

type Mutation = { kind: 'replace'; with: unknown } | { kind: 'remove' } | { kind: 'extra'; key: string; with: unknown }

function mutate(example: unknown, path: (string | number)[], mutation: Mutation): unknown {
  if (path.length === 0) {
    if (mutation.kind === 'replace') return mutation.with
    if (mutation.kind === 'extra' && example && typeof example === 'object' && !Array.isArray(example)) {
      return objectWithKeys([...Object.entries(example), [mutation.key, mutation.with]])
    }
    return mutation.kind === 'remove' ? undefined : example
  }
  const [head, ...rest] = path
  if (Array.isArray(example)) {
    const copy: unknown[] = [...(example as unknown[])]
    const next = mutate(copy[head as number], rest, mutation)
    if (next === undefined) copy.splice(head as number, 1)
    else copy[head as number] = next
    return copy
  }
  const entries = Object.entries(example as Record<string, unknown>).flatMap(([k, v]): [string, unknown][] => {
    if (k !== head) return [[k, v]]
    const next = mutate(v, rest, mutation)
    return next === undefined ? [] : [[k, next]]
  })
  return objectWithKeys(entries)
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: hostileValue.map((v): Mutation => ({ kind: 'replace', with: v })) },
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'remove' }) },
  { weight: 2, arbitrary: fc.tuple(hostileKey, hostileValue).map(([key, v]): Mutation => ({ kind: 'extra', key, with: v })) },
)

const RAW_BODIES = [
  '1e400',
  '{"a":1e400}',
  '-0',
  '"x"',
  'null',
  '[]',
  '{',
  '{"a":1,"a":2}',
  '\ufeff{}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '',
]

const json = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null')

/** A body past the 1 MiB JSON limit (413), made once. */
const OVERSIZED = json({ name: 'x'.repeat(1_100_000) })

function bodyArbitrary(model: RouteModel): fc.Arbitrary<Buffer | undefined> {
  if (model.body === undefined) {
    return fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostileValue.map(json) })
  }
  const example = model.body
  const paths = pathsOf(example)
  const mutated = fc.tuple(fc.constantFrom(...paths), mutation).map(([path, m]) => json(mutate(example, path, m)))
  const arbitraries: fc.WeightedArbitrary<Buffer | undefined>[] = [
    { weight: 2, arbitrary: fc.constant(json(example)) },
    { weight: 8, arbitrary: mutated },
    { weight: 2, arbitrary: hostileValue.map(json) },
    { weight: 1, arbitrary: deepJson.map((text) => Buffer.from(text)) },
    { weight: 1, arbitrary: invalidUtf8Json },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES).map((text) => Buffer.from(text)) },
    { weight: 1, arbitrary: fc.constant(OVERSIZED) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  ]
  if (model.csv !== undefined) {
    const csv = model.csv
    const lines = csv.split('\n')
    arbitraries.push({
      weight: 3,
      arbitrary: fc
        .tuple(fc.nat(lines.length - 1), hostileString, fc.constantFrom('\n', '\r\n', '\r'), fc.option(invalidUtf8))
        .map(([line, text, eol, bytes]) => {
          const edited = lines.map((l, i) => (i === line ? `${l},${text}` : l)).join(eol)
          return bytes ? Buffer.concat([Buffer.from(edited), bytes]) : Buffer.from(edited)
        }),
    })
  }
  return fc.oneof(...arbitraries)
}

const CONTENT_TYPES = [
  'text/plain',
  'text/csv',
  '',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/problem+json',
  'APPLICATION/JSON',
  'application/json;;;',
  'application/octet-stream',
]

/** A header value a client could send: visible ASCII and Latin-1, no line breaks (those would end the header). */
const headerValue = hostileString.map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '').slice(0, 2000))

export function requestArbitrary(method: string, template: string, model: RouteModel, world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  const paramNames = [...template.matchAll(/:([A-Za-z]+)|\*/g)].map((m) => m[1] ?? '*')
  const params = fc.tuple(...paramNames.map((name) => segment(model.params?.[name] ?? [])))
  const admitted = model.roles.length ? model.roles : (['admin'] as TokenRole[])
  const others = ALL_ROLES.filter((r) => !model.roles.includes(r))
  const bearer = (role: TokenRole) => `Bearer ${world.tokens[role]}`
  type Auth = { caller: FuzzRequest['caller']; header?: string }
  const authorization = fc.oneof(
    { weight: model.roles.length ? 10 : 1, arbitrary: fc.constantFrom(...admitted).map((r): Auth => ({ caller: 'admitted', header: bearer(r) })) },
    { weight: 1, arbitrary: fc.constantFrom(...(others.length ? others : ALL_ROLES)).map((r): Auth => ({ caller: 'other-role', header: bearer(r) })) },
    { weight: 3, arbitrary: hostileAuthorization.map((header): Auth => ({ caller: 'hostile', header })) },
    { weight: model.roles.length ? 1 : 6, arbitrary: fc.constant<Auth>({ caller: 'anonymous' }) },
  )
  const contentType = fc.oneof({ weight: 12, arbitrary: fc.constant('application/json') }, { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) })
  const extraHeaders = fc.record(
    {
      'x-request-id': headerValue,
      'x-purpose': headerValue,
      'idempotency-key': model.idempotent ? fc.oneof(fc.uuid(), headerValue) : headerValue,
      accept: headerValue,
    },
    { requiredKeys: [] },
  )
  return fc
    .record({
      transport: fc.oneof({ weight: 9, arbitrary: fc.constant('inject' as const) }, { weight: 1, arbitrary: fc.constant('http' as const) }),
      params,
      query: model.query ? queryArbitrary(model) : fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: queryArbitrary(model) }),
      body: bodyArbitrary(model),
      csv: fc.boolean(),
      authorization,
      contentType,
      extraHeaders,
    })
    .map(({ transport, params: values, query, body, csv, authorization: auth, contentType: type, extraHeaders: extra }) => {
      let i = 0
      const path = template.replace(/:([A-Za-z]+)|\*/g, () => values[i++] ?? '')
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(extra)) if (v !== undefined) headers[k] = v
      if (auth.header !== undefined) headers.authorization = auth.header
      if (body !== undefined) headers['content-type'] = model.csv !== undefined && csv ? 'text/csv' : type
      return { transport, method, url: query ? `${path}?${query}` : path, headers, caller: auth.caller, ...(body !== undefined ? { body } : {}) }
    })
}
