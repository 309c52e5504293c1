import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hasZodFastifySchemaValidationErrors } from '@fastify/type-provider-zod'
import { isDatabaseUnavailable } from '../db/database-unavailable.js'
import { loggableError } from '../logging.js'
import { AppError, fieldPath, problemFor, type ErrorCode, type FieldError, type ProblemDetails } from '../errors.js'

const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** The longest URL (path and query) the service reads; a longer one is a 414 before any route runs. */
const MAX_URL_LENGTH = 8 * 1024

// Fastify's own errors that are the client's fault, mapped to catalogue codes.
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_MISSING_BOUNDARY: 'BAD_REQUEST',
  FST_ERR_BAD_URL: 'INVALID_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_ASYNC_CONSTRAINT: 'BAD_REQUEST',
}

// Fixed texts for the errors whose own messages quote the request (the path, the body).
const fixedDetails: Partial<Record<ErrorCode, string>> = {
  MALFORMED_JSON: 'The body could not be parsed as JSON',
  INVALID_URL: 'The path holds an escape (%XX) that is not UTF-8 text',
  URI_TOO_LONG: `The path, or one of its segments, is longer than the service reads`,
  PAYLOAD_TOO_LARGE: 'The body is larger than this route accepts',
}

// Database errors that only bad input causes: text the database cannot store (NUL in a string,
// or a \u0000 escape in JSON). Anything that slips past the schemas still gets a 400, not a 500.
const unstorableInputCodes = new Set(['22021', '22P05'])

// A database outage is usually a restart: a few seconds. Clients retry writes with the same
// Idempotency-Key, so nothing is done twice.
const DATABASE_RETRY_AFTER_SECONDS = 5

const validationLocation: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' }

/** Every error leaves as RFC 9457 problem details; a 500 shows nothing of its cause. */
export const problemDetailsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const problem = toProblem(error, request)
      // The log gets the error's class, code and stack frames only, whatever logger the app was
      // given: never its message, parameters or the statement's context, which quote values.
      if (problem.status >= 500) request.log.error({ err: loggableError(error), code: problem.code, reqId: request.id }, 'request failed')
      if (error instanceof AppError) reply.headers(error.headers)
      if (problem.code === 'DATABASE_UNAVAILABLE') reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
      return sendProblem(reply, problem)
    })

    // The path is not repeated: it is whatever the client sent, and may be long or hostile.
    app.setNotFoundHandler((request, reply) =>
      sendProblem(
        reply,
        request.originalUrl.length > MAX_URL_LENGTH
          ? problemFor('URI_TOO_LONG', fixedDetails.URI_TOO_LONG)
          : problemFor('ROUTE_NOT_FOUND', 'No route matches this method and path'),
      ),
    )
  },
  { name: 'problem-details' },
)

// Where a URL over the limit is sent instead: no route has this path, so the request reaches the
// not-found handler, which answers 414. A URL that long is never routed, so no route runs for it.
const UNROUTED_PATH = '/.uri-too-long'

/** Fastify's `rewriteUrl`: the URL as sent, or, over MAX_URL_LENGTH, a path no route matches. */
export function rewriteLongUrl(request: { url?: string }): string {
  const url = request.url ?? '/'
  return url.length > MAX_URL_LENGTH ? UNROUTED_PATH : url
}

/**
 * Fastify's `frameworkErrors`: a bad escape in the path or a path segment over the router's
 * limit, found before any route (or the error handler) runs. Problem details without the path.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const code = (error.code ? fastifyCodes[error.code] : undefined) ?? 'BAD_REQUEST'
  void sendProblem(reply, problemFor(code, fixedDetails[code]))
}

/**
 * The HTTP server's `clientError`: a request Node's parser refused before Fastify saw it (headers
 * over `maxHeaderSize`, a malformed request line or header, a timeout). Answered on the socket
 * as problem+json, then closed, as Node itself would.
 */
export function clientErrorHandler(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const problem = clientProblem(error)
  if (socket.writable) {
    const body = JSON.stringify(problem)
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy()
}

function clientProblem(error: { code?: string; rawPacket?: unknown }): ProblemDetails {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT') {
    return problemFor('REQUEST_TIMEOUT', 'The request did not arrive in time')
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // The request line counts towards Node's header limit: when it alone fills it, the URL is too long.
    const packet = error.rawPacket
    const lineEnd = Buffer.isBuffer(packet) ? packet.indexOf('\r\n') : 0
    if (lineEnd === -1 || lineEnd > MAX_URL_LENGTH) return problemFor('URI_TOO_LONG', fixedDetails.URI_TOO_LONG)
    return problemFor('HEADERS_TOO_LARGE', 'The request headers are larger than the service reads')
  }
  return problemFor('BAD_REQUEST', 'The request is not well-formed HTTP')
}

function sendProblem(reply: FastifyReply, problem: ProblemDetails): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem))
}

function toProblem(error: FastifyError, request: FastifyRequest): ProblemDetails {
  const instance = request.url.split('?')[0]
  if (error instanceof AppError) {
    return problemFor(error.code, error.message, {
      instance,
      ...(error.field !== undefined ? { field: error.field } : {}),
      ...(error.errors !== undefined ? { errors: error.errors } : {}),
      ...error.extensions,
    })
  }
  if (error.validation && isZodValidationError(error)) {
    const where = validationLocation[error.validationContext ?? 'body'] ?? 'body'
    const errors: FieldError[] = error.validation.map((issue) => ({
      field: fieldPath(issue.instancePath.split('/').filter(Boolean)) || where,
      code: String(issue.keyword),
      message: issue.message ?? 'is invalid',
    }))
    return problemFor('VALIDATION_FAILED', `${errors.length} invalid field${errors.length === 1 ? '' : 's'} in the ${where}`, {
      instance,
      field: errors[0]?.field,
      errors,
    })
  }
  if (error.code && unstorableInputCodes.has(error.code)) {
    return problemFor('VALIDATION_FAILED', 'The request holds a character that cannot be stored, such as NUL', { instance })
  }
  const mapped = error.code ? fastifyCodes[error.code] : undefined
  if (mapped) return problemFor(mapped, clientMessage(mapped, error, request), { instance })
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return problemFor('BAD_REQUEST', undefined, { instance })
  }
  if (isDatabaseUnavailable(error)) {
    return problemFor('DATABASE_UNAVAILABLE', `The database cannot be reached; retry in ${DATABASE_RETRY_AFTER_SECONDS} seconds`, { instance })
  }
  return problemFor('INTERNAL', `Something went wrong; quote request id ${request.id}`, { instance, requestId: request.id })
}

// The type provider's guard narrows to a type that names a path fastify does not export, which
// resolves to nothing: used as a plain test, the error keeps fastify's own typing of `validation`.
function isZodValidationError(error: unknown): boolean {
  return hasZodFastifySchemaValidationErrors(error)
}

// A media type as RFC 9110 spells one (type/subtype, token characters): only such a value is
// repeated in a 415, so that the detail names what was sent without echoing arbitrary input.
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,64}$/

function clientMessage(code: ErrorCode, error: FastifyError, request: FastifyRequest): string {
  const fixed = fixedDetails[code]
  if (fixed !== undefined) return fixed
  if (code === 'UNSUPPORTED_MEDIA_TYPE') {
    const sent = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (sent === '') return 'The request has a body but no Content-Type; send application/json'
    if (MEDIA_TYPE.test(sent)) return `Content type ${sent} is not accepted here`
    return 'The Content-Type is not a valid media type'
  }
  // The remaining codes' fastify messages (content length, boundary) quote nothing of the request.
  return error.message
}
