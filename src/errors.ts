/**
 * The one catalogue of errors. Every error a client can see is listed here with a stable code,
 * its HTTP status and a title; responses are RFC 9457 problem details built from these entries.
 * Codes never change once published: clients branch on them.
 */
const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  EMPTY_BODY: { status: 400, title: 'The request body is empty' },
  BAD_REQUEST: { status: 400, title: 'The request cannot be processed' },
  INVALID_URL: { status: 400, title: 'The URL is not valid' },
  INVALID_ENCODING: { status: 400, title: 'The request body is not valid UTF-8' },
  AUTH_MISSING: { status: 401, title: 'Authentication is required' },
  AUTH_EXPIRED: { status: 401, title: 'The token has expired' },
  AUTH_INVALID: { status: 401, title: 'The token is not valid' },
  ROLE_FORBIDDEN: { status: 403, title: 'Your role does not allow this' },
  ORG_FORBIDDEN: { status: 403, title: 'Your organisation does not allow this' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  CONFLICT: { status: 409, title: 'The request conflicts with the current state' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  URI_TOO_LONG: { status: 414, title: 'The URL is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  UNPROCESSABLE_CONTENT: { status: 422, title: 'The content cannot be accepted' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The Idempotency-Key was used with a different request' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request did not arrive in time' },
  TOO_MANY_REQUESTS: { status: 429, title: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
  INTERNAL: { status: 500, title: 'Internal error' },
  NOT_READY: { status: 503, title: 'The service is not ready' },
  DATABASE_UNAVAILABLE: { status: 503, title: 'The database is unavailable' },
  OVERLOADED: { status: 503, title: 'The service is overloaded' },
  PROCESSING_TIMEOUT: { status: 503, title: 'The request took too long to process' },
} as const satisfies Record<string, { status: number; title: string }>

export type ErrorCode = keyof typeof errorCatalogue

/** One invalid field (or upload row) inside a problem's `errors[]`. */
export interface FieldError {
  /** Where the problem is: a JSON path such as `supplier.people[0].dateOfBirth`, or a header or query name. */
  field?: string
  row?: number
  column?: string
  code: string
  message: string
}

export interface ProblemDetails {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  code: ErrorCode
  field?: string
  errors?: FieldError[]
  [extension: string]: unknown
}

const PROBLEM_TYPE_BASE = 'https://bidscreen.example/problems/'

/** The only error the service throws on purpose; anything else becomes a 500 `INTERNAL`. */
export class AppError extends Error {
  override name = 'AppError'
  readonly code: ErrorCode
  readonly status: number
  readonly field: string | undefined
  readonly errors: FieldError[] | undefined
  readonly extensions: Record<string, unknown>
  readonly headers: Record<string, string>

  constructor(
    code: ErrorCode,
    detail?: string,
    more: { field?: string; errors?: FieldError[]; extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? errorCatalogue[code].title)
    this.code = code
    this.status = errorCatalogue[code].status
    this.field = more.field
    this.errors = more.errors
    this.extensions = more.extensions ?? {}
    this.headers = more.headers ?? {}
  }
}

export function problemFor(code: ErrorCode, detail?: string, more: Partial<ProblemDetails> = {}): ProblemDetails {
  const entry = errorCatalogue[code]
  return {
    type: PROBLEM_TYPE_BASE + code.toLowerCase().replaceAll('_', '-'),
    title: entry.title,
    status: entry.status,
    ...(detail !== undefined ? { detail } : {}),
    ...more,
    code,
  }
}

/** A `NOT_FOUND` that says which kind of record, never whether another organisation holds it. */
export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`)
}

/** `['supplier', 'people', 0, 'name']` → `supplier.people[0].name`, the form `errors[].field` takes. */
export function fieldPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((path, part) => {
    const key = String(part)
    if (typeof part === 'number' || /^\d+$/.test(key)) return `${path}[${key}]`
    return path ? `${path}.${key}` : key
  }, '')
}
