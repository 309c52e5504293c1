import { AppError } from '../errors.js'
import { isLocalhostName, isNonPublicLiteral } from './webhook-address-guard.js'

const MAX_WEBHOOK_URL_LENGTH = 2000

/**
 * A webhook's address as it will be called, or a 400 naming `url`: absolute, `https:` (or
 * `http:` where configuration allows it, for a receiver on a developer's machine), with a host,
 * and without user name or password, which would sit in our database and logs as plain text; the
 * receiver authenticates us by the signature instead. Unless private addresses are allowed, the
 * host must not be a non-public IP literal or `localhost`: an early, clear answer to the officer.
 * A name that resolves to such an address is refused when a delivery connects, which is the check
 * that counts (the name may resolve differently by then).
 */
export function webhookUrl(text: string, options: { allowHttp: boolean; allowPrivateAddresses: boolean }): string {
  const problem = (message: string) =>
    new AppError('VALIDATION_FAILED', `url ${message}`, { field: 'url', errors: [{ field: 'url', code: 'invalid_webhook_url', message }] })
  if (text.length > MAX_WEBHOOK_URL_LENGTH) throw problem(`must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`)
  const url = URL.parse(text)
  if (url === null) throw problem('must be an absolute URL')
  const schemes = options.allowHttp ? ['https:', 'http:'] : ['https:']
  if (!schemes.includes(url.protocol)) throw problem(options.allowHttp ? 'must be an http: or https: URL' : 'must be an https: URL')
  if (url.hostname === '') throw problem('must name a host')
  if (url.username !== '' || url.password !== '') throw problem('must not hold a user name or password')
  if (!options.allowPrivateAddresses && (isNonPublicLiteral(url.hostname) || isLocalhostName(url.hostname))) {
    throw problem('must not be a loopback, private or other internal address')
  }
  // The parser may percent-encode what it was given: the address called is the one held to the limit.
  if (url.href.length > MAX_WEBHOOK_URL_LENGTH) throw problem(`must be at most ${MAX_WEBHOOK_URL_LENGTH} characters once encoded`)
  return url.href
}
