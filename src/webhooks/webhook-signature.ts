import { createHmac, randomBytes } from 'node:crypto'

// Stripe's scheme, which receivers' libraries and engineers already know: the timestamp is
// signed with the body, so that a captured delivery replayed later fails the receiver's
// freshness check, and `v1=` leaves room for another algorithm beside it one day.

/** A new signing secret: 32 random bytes, base64url (43 characters). */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The `Bidscreen-Signature` header of a body sent at `at`: `t=<unix seconds>,v1=<hex
 * HMAC-SHA256>` over `"<t>.<body>"`, keyed with the secret's text as issued (not decoded).
 */
export function webhookSignature(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000)
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
  return `t=${t},v1=${v1}`
}
