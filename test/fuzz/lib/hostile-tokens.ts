/**
 * Bearer tokens an attacker would try: no algorithm, the wrong key, expired, never expiring,
 * issued in the future, huge or malformed claims, not a JWT at all. Every one must be a 401 (or
 * a 403 when the token is genuine but the role or organisation is not), never a 500.
 */
import fc from 'fast-check'
import { createHmac } from 'node:crypto'
import { TEST_JWT_SECRET } from '../../helpers/test-app.js'
import { hostileString, hostileValue } from './hostile.js'

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const nowSeconds = () => Math.floor(Date.now() / 1000)

/** Signs any payload with HS256 and the service's test key (or another); by hand, as a signer library would refuse bad claims. */
function sign(payload: Record<string, unknown>, key = TEST_JWT_SECRET): string {
  const unsignedPart = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`
  return `${unsignedPart}.${createHmac('sha256', key).update(unsignedPart).digest('base64url')}`
}

const principal = { sub: 'fuzz-user', org: 'salford', roles: ['screener', 'officer'] }

function unsigned(payload: unknown, alg = 'none'): string {
  return `${b64({ alg, typ: 'JWT' })}.${b64(payload)}.`
}

/** A token as the attacker builds it: the claims are fuzzed, the signature is the service's own key. */
const signedWithHostileClaims = fc
  .record({ sub: hostileValue, org: hostileValue, roles: hostileValue, exp: hostileValue, iat: hostileValue, nbf: hostileValue }, { requiredKeys: [] })
  .map((claims) => sign({ ...claims }))

const hostileToken: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    unsigned({ ...principal, exp: nowSeconds() + 600 }),
    unsigned({ ...principal, exp: nowSeconds() + 600 }, 'None'),
    unsigned({ ...principal, exp: nowSeconds() + 600 }, 'HS256'),
    sign({ ...principal, exp: nowSeconds() + 600 }, 'not-the-service-key-but-long-enough-0000'),
    sign({ ...principal, exp: nowSeconds() - 10 }),
    sign({ ...principal }),
    sign({ ...principal, exp: 1e20 }),
    sign({ ...principal, exp: nowSeconds() + 600, iat: nowSeconds() + 86_400 }),
    sign({ ...principal, exp: nowSeconds() + 600, nbf: nowSeconds() + 86_400 }),
    sign({ ...principal, exp: nowSeconds() + 10 * 86_400, iat: nowSeconds() }),
    sign({ ...principal, org: 'sal\u0000ford', exp: nowSeconds() + 600 }),
    sign({ ...principal, org: 'no-such-org', exp: nowSeconds() + 600 }),
    sign({ ...principal, roles: ['root'], exp: nowSeconds() + 600 }),
    sign({ ...principal, roles: ['screener', ...Array.from({ length: 2000 }, () => 'root')], exp: nowSeconds() + 600 }),
    sign({ ...principal, sub: 'x'.repeat(12_000), exp: nowSeconds() + 600 }),
    sign({ ...principal, exp: String(nowSeconds() + 600) }),
    sign({ ...principal, exp: nowSeconds() + 600, iat: 'yesterday' }),
    `${b64({ alg: 'HS256' })}.${b64('not json')}.${b64('sig')}`,
    `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ ...principal, exp: nowSeconds() + 600 })}.${b64('sig')}`,
    'a.b.c',
    '..',
    'x',
    '',
  ),
  signedWithHostileClaims,
  hostileString.map((s) => s.replace(/[^\x20-\x7e]/g, '')),
)

/** The Authorization header around a hostile token: the scheme itself varies too. */
export const hostileAuthorization = fc
  .tuple(fc.constantFrom('Bearer ', 'bearer ', 'Bearer  ', 'Basic ', '', 'Bearer\t'), hostileToken)
  .map(([scheme, token]) => scheme + token)
