import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError, fieldPath, type FieldError } from '../errors.js'
import { decodeUtf8 } from '../rules/text.js'

// Text no database column can hold: NUL (PostgreSQL refuses it in text and jsonb) and unpaired
// surrogates (not encodable as UTF-8; a JSON `\ud800` escape is the only way to send one).
const LONE_SURROGATE = /[\uD800-\uDFFF]/u
const unstorable = (value: string) => value.includes('\u0000') || LONE_SURROGATE.test(value)

/**
 * JSON request bodies: decoded as strict UTF-8 (bytes that are not UTF-8 are a 400, never U+FFFD
 * in their place), parsed by Fastify's own JSON parser (its `__proto__` and `constructor`
 * checks), then refused, with the place named, when any string or property name holds text that
 * cannot be stored. Refused here, before any use case runs, such a value can never fail a write
 * half-way (an idempotent response that quotes it, say). Each field's own rule (see
 * src/rules/text.ts) is its schema's business.
 */
export function useStrictJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
    const text = decodeUtf8(body)
    if (text === null) {
      done(new AppError('INVALID_ENCODING', 'The body is not valid UTF-8 text; send JSON encoded as UTF-8', { field: 'body' }), undefined)
      return
    }
    void parseJson(request, text, (error, value) => {
      if (error) return done(error, undefined)
      // Only a \u escape can put NUL or a lone surrogate into parsed JSON: most bodies skip the walk.
      const found = text.includes('\\u') ? findUnstorable(value) : undefined
      if (found) {
        done(new AppError('VALIDATION_FAILED', 'The body holds text that cannot be stored', { field: found.field, errors: [found] }), undefined)
        return
      }
      done(null, value)
    })
  })
}

interface Visit {
  value: unknown
  key: PropertyKey | undefined
  parent: Visit | undefined
}

/**
 * The first string or property name holding NUL or an unpaired surrogate. Walked without
 * recursion, each value linked to its parent rather than carrying its path: bodies can nest
 * hundreds of thousands deep, and a path is built only for the one value reported.
 */
function findUnstorable(root: unknown): FieldError | undefined {
  const pending: Visit[] = [{ value: root, key: undefined, parent: undefined }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value } = next
    if (typeof value === 'string') {
      if (unstorable(value)) return unstorableError(next, 'contains NUL or an unpaired UTF-16 surrogate, which cannot be stored')
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, key: index, parent: next }))
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        // The name is not repeated: the place reported is its object's.
        if (unstorable(key)) return unstorableError(next, 'has a property name holding NUL or an unpaired UTF-16 surrogate')
        pending.push({ value: inner, key, parent: next })
      }
    }
  }
  return undefined
}

function unstorableError(at: Visit, message: string): FieldError {
  const path: PropertyKey[] = []
  for (let node: Visit | undefined = at; node?.key !== undefined; node = node.parent) path.unshift(node.key)
  return { field: fieldPath(path) || 'body', code: 'unstorable_text', message }
}
