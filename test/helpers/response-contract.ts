import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import formats from 'ajv-formats'
import { loadOpenApi } from '../../src/routes/docs.js'

// Holds every response the tests receive against openapi.yaml: the status must be documented for
// the route and method, the content type must be one documented for that status, and a JSON body
// must match its schema. Error responses must match the Problem schema wherever they come from.

interface MediaType {
  schema?: unknown
  /** The schema of each line of a sequential type such as NDJSON (OpenAPI 3.2's itemSchema). */
  'x-itemSchema'?: unknown
}
interface ResponseObject {
  $ref?: string
  content?: Record<string, MediaType>
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>
  components: { schemas: Record<string, unknown>; responses: Record<string, ResponseObject> }
}

export interface SentResponse {
  method: string
  /** The route as fastify registered it (`/v1/screenings/:id`), or undefined when none matched. */
  route: string | undefined
  status: number
  contentType: string | undefined
  /** The body when it is text; undefined for a stream, which is not read. */
  body: string | undefined
}

export const document = (await loadOpenApi()).document as unknown as OpenApiDocument

const COMPONENTS_ID = 'https://bidscreen.example/openapi.yaml'
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
formats.default(ajv)
ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(document.components.schemas) })
const validators = new Map<string, ValidateFunction>()

/** `GET /v1/screenings/:id` → the operation openapi.yaml gives for `/v1/screenings/{id}`, if any. */
export function documentedOperation(method: string, route: string | undefined) {
  if (route === undefined) return undefined
  return document.paths[openApiPath(route)]?.[method.toLowerCase()]
}

function openApiPath(route: string): string {
  return route.replace(/:(\w+)/g, '{$1}')
}

/** What is wrong with a response, as lines naming the place; empty when it keeps the contract. */
export function contractViolations(response: SentResponse): string[] {
  const operation = documentedOperation(response.method, response.route)
  const problems: string[] = []
  if (response.status >= 400) problems.push(...bodyViolations(response, 'application/problem+json', validatorFor('#/$defs/Problem')))
  if (!operation) return problems
  const status = String(response.status)
  const documented = operation.responses?.[status] ?? operation.responses?.[`${status[0]}XX`] ?? operation.responses?.default
  if (!documented) return [`status ${status} is not documented (documented: ${Object.keys(operation.responses ?? {}).join(', ')})`]
  const content = resolve(documented).content
  if (!content) return response.body ? [...problems, 'a body was sent where none is documented'] : problems
  const mediaType = response.contentType?.split(';')[0]?.trim().toLowerCase() ?? ''
  const media = content[mediaType]
  if (!media) return [...problems, `content type ${mediaType || '(none)'} is not documented (documented: ${Object.keys(content).join(', ')})`]
  const key = `${openApiPath(response.route!)} ${response.method.toLowerCase()} ${status} ${mediaType}`
  if (media['x-itemSchema'] !== undefined) return [...problems, ...lineViolations(response.body, validatorFor(`${key} item`, media['x-itemSchema']))]
  if (media.schema === undefined) return problems
  // A documented problem response names the Problem schema too: each error is reported once.
  return [...new Set([...problems, ...bodyViolations(response, mediaType, validatorFor(key, media.schema))])]
}

/**
 * Compiles every schema in the document, strictly: a keyword JSON Schema does not know (such as a
 * bogus key an unquoted comma made in a flow mapping) is an error. Returns the failures.
 */
export function schemaErrors(): string[] {
  const errors: string[] = []
  const compile = (where: string, schema: unknown) => {
    try {
      ajv.compile(rewriteRefs(schema) as object)
    } catch (error) {
      errors.push(`${where}: ${(error as Error).message}`)
    }
  }
  for (const [name, schema] of Object.entries(document.components.schemas)) compile(`#/components/schemas/${name}`, schema)
  const visit = (node: unknown, where: string): void => {
    if (node === null || typeof node !== 'object') return
    for (const [key, inner] of Object.entries(node)) {
      if (key === 'schema' || key === 'x-itemSchema') compile(`${where}/${key}`, inner)
      else if (where !== '#/components/schemas') visit(inner, `${where}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`)
    }
  }
  visit(document, '#')
  return errors
}

function lineViolations(body: string | undefined, validate: ValidateFunction): string[] {
  const lines = (body ?? '').split('\n').filter(Boolean)
  return lines.flatMap((line, index) => {
    let item: unknown
    try {
      item = JSON.parse(line)
    } catch {
      return [`line ${index + 1} is not JSON`]
    }
    return validate(item) ? [] : (validate.errors ?? []).slice(0, 5).map((e) => `line ${index + 1}: ${describe(e)}`)
  })
}

function bodyViolations(response: SentResponse, mediaType: string, validate: ValidateFunction): string[] {
  if (!/[/+]json$/.test(mediaType)) return []
  if (!response.contentType?.toLowerCase().startsWith(mediaType)) return [`content type is ${response.contentType ?? '(none)'}, not ${mediaType}`]
  if (response.body === undefined) return []
  let body: unknown
  try {
    body = JSON.parse(response.body)
  } catch {
    return [`the body is not JSON: ${response.body.slice(0, 80)}`]
  }
  if (validate(body)) return []
  return (validate.errors ?? []).slice(0, 10).map(describe)
}

function describe(error: ErrorObject): string {
  const params = error.keyword === 'additionalProperties' || error.keyword === 'enum' || error.keyword === 'const' ? ` ${JSON.stringify(error.params)}` : ''
  return `${mediaPath(error.instancePath)} ${error.message ?? error.keyword}${params}`
}

function mediaPath(pointer: string): string {
  return pointer === '' ? 'body' : `body${pointer.replaceAll('/', '.')}`
}

/** Compiled once per response schema (or `#/$defs/X` of the components), then reused. */
function validatorFor(key: string, schema?: unknown): ValidateFunction {
  let validate = validators.get(key)
  if (!validate) {
    const compiled = schema === undefined ? { $ref: `${COMPONENTS_ID}${key}` } : (rewriteRefs(schema) as object)
    validate = ajv.compile(compiled)
    validators.set(key, validate)
  }
  return validate
}

function resolve(response: ResponseObject): ResponseObject {
  const name = response.$ref?.match(/^#\/components\/responses\/(.+)$/)?.[1]
  if (!name) return response
  const target = document.components.responses[name]
  if (!target) throw new Error(`openapi.yaml: ${response.$ref} does not exist`)
  return target
}

// `#/components/schemas/X` in the document becomes `$defs/X` of one schema holding them all.
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' ? inner.replace('#/components/schemas/', `${COMPONENTS_ID}#/$defs/`) : rewriteRefs(inner),
    ]),
  )
}
