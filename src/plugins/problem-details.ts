import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hasZodFastifySchemaValidationErrors } from '@fastify/type-provider-zod'
import { AppError, fieldPath, problemFor, type ErrorCode, type FieldError, type ProblemDetails } from '../errors.js'

const PROBLEM_CONTENT_TYPE = 'application/problem+json'

// Fastify's own errors that are the client's fault, mapped to catalogue codes.
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_MISSING_BOUNDARY: 'BAD_REQUEST',
  FST_ERR_BAD_URL: 'BAD_REQUEST',
  FST_ERR_ASYNC_CONSTRAINT: 'BAD_REQUEST',
}

// Database errors that only bad input causes: text the database cannot store (NUL in a string,
// or a \u0000 escape in JSON). Anything that slips past the schemas still gets a 400, not a 500.
const unstorableInputCodes = new Set(['22021', '22P05'])

const validationLocation: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' }

/** Every error leaves as RFC 9457 problem details; a 500 shows nothing of its cause. */
export const problemDetailsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const problem = toProblem(error, request)
      if (problem.status >= 500) {
        request.log.error({ err: loggableError(error), reqId: request.id }, 'request failed')
      }
      if (error instanceof AppError) reply.headers(error.headers)
      return sendProblem(reply, problem)
    })

    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, problemFor('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`, { instance: request.url.split('?')[0] })),
    )
  },
  { name: 'problem-details' },
)

/**
 * What the log keeps of an error that fails a request: its class, code and where it was thrown.
 * Not its message or other fields, which can quote the request: a database error names the
 * value it refused, and that can be a supplier's or a director's name.
 */
function loggableError(error: FastifyError): { type: string; code: string | undefined; stack: string } {
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line))
  return { type: error.name, code: error.code, stack: frames.join('\n') }
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
  if (mapped) return problemFor(mapped, clientMessage(mapped, error), { instance })
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return problemFor('BAD_REQUEST', undefined, { instance })
  }
  return problemFor('INTERNAL', `Something went wrong; quote request id ${request.id}`, { instance, requestId: request.id })
}

// The type provider's guard narrows to a type that names a path fastify does not export, which
// resolves to nothing: used as a plain test, the error keeps fastify's own typing of `validation`.
function isZodValidationError(error: unknown): boolean {
  return hasZodFastifySchemaValidationErrors(error)
}

// Fastify's messages for these are safe (no input echoed), except JSON parse errors, whose
// message can quote the body: that one gets a fixed text.
function clientMessage(code: ErrorCode, error: FastifyError): string {
  if (code === 'MALFORMED_JSON') return 'The body could not be parsed as JSON'
  if (code === 'UNSUPPORTED_MEDIA_TYPE')
    return `Content type ${JSON.stringify(error.message.replace(/^Unsupported Media Type:?\s*/i, ''))} is not accepted here`
  return error.message
}
