/**
 * E-mail addresses and web domains.
 *
 * A pragmatic syntax check, not RFC 5322: quoted local parts, comments and IP-literal domains
 * are rejected because no supplier or intelligence record legitimately uses them, and accepting
 * them would only add keys that never match. Host names follow RFC 1123 label rules after IDNA
 * (UTS #46) conversion through node:url `domainToASCII`, so `exämple.co.uk` and
 * `xn--exmple-cua.co.uk` index to the same key.
 */
import { domainToASCII } from 'node:url'
import { CONTROL_CHARACTER } from '../../rules/text.js'
import { removeInvisible } from '../text/fold.js'

/** RFC 5321 limits: local part 64 octets, whole address 254, host name 253. */
const MAX_LOCAL_LENGTH = 64
const MAX_EMAIL_LENGTH = 254
const MAX_HOST_LENGTH = 253
/** Longest URL worth parsing for its host; a longer value is rejected, never truncated. */
const MAX_RAW_LENGTH = 2048

/** No address or host holds a control character or line separator (the one text rule). */
const CONTROL = CONTROL_CHARACTER
/** Unquoted local part: RFC 5322 atext plus non-ASCII (RFC 6531), dots only between atoms. */
const LOCAL_PART = /^[^\s@".,:;<>()[\]\\]+(?:\.[^\s@".,:;<>()[\]\\]+)*$/u
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i
/** A top-level domain is never all digits; otherwise "10.0.0.1" would pass as a host name. */
const NUMERIC_TLD = /^[0-9]+$/

/**
 * The lower-cased, trimmed e-mail address, with an internationalised domain in punycode;
 * null when it is not a plausible address.
 */
export function canonicalEmail(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_RAW_LENGTH) return null
  // Copied from a web page or a mail client: "mailto:a@b.example", "<a@b.example>".
  const trimmed = removeInvisible(raw)
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<(.*)>$/, '$1')
    .trim()
  if (trimmed.length === 0 || trimmed.length > MAX_EMAIL_LENGTH || CONTROL.test(trimmed)) return null
  const at = trimmed.lastIndexOf('@')
  if (at <= 0 || at === trimmed.length - 1) return null
  const local = trimmed.slice(0, at).toLowerCase()
  if (local.length > MAX_LOCAL_LENGTH || !LOCAL_PART.test(local)) return null
  const host = asciiHostName(trimmed.slice(at + 1))
  if (host === null) return null
  const email = `${local}@${host}`
  return email.length > MAX_EMAIL_LENGTH ? null : email
}

/**
 * The registrable-looking host of a URL (`https://www.Example.co.uk/about` → `example.co.uk`),
 * an e-mail address (its domain) or a bare host name; lower case, punycode, one leading `www.`
 * removed so that a site and its mail domain share a key. Null when no valid host name results.
 */
export function canonicalDomain(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_RAW_LENGTH) return null
  let rest = removeInvisible(raw).trim()
  if (rest.length === 0 || CONTROL.test(rest) || /\s/.test(rest)) return null
  const hasScheme = SCHEME.test(rest)
  if (hasScheme) rest = rest.replace(SCHEME, '')
  else if (rest.startsWith('//')) rest = rest.slice(2)
  const pathStart = rest.search(/[/?#]/)
  if (pathStart !== -1) rest = rest.slice(0, pathStart)
  // userinfo in a URL, or the whole local part of an e-mail address
  const at = rest.lastIndexOf('@')
  if (at !== -1) rest = rest.slice(at + 1)
  const port = /:([0-9]{1,5})$/.exec(rest)
  if (port !== null) rest = rest.slice(0, port.index)
  const host = asciiHostName(rest)
  if (host === null) return null
  const stripped = host.startsWith('www.') ? host.slice(4) : host
  return isHostName(stripped) ? stripped : null
}

/** Host name in lower-case ASCII (IDNA) or null; a single trailing root dot is allowed. */
function asciiHostName(raw: string): string | null {
  let host = raw.endsWith('.') ? raw.slice(0, -1) : raw
  if (host.length === 0 || host.length > MAX_RAW_LENGTH) return null
  // domainToASCII maps ideographic full stops and drops some code points, so refuse the
  // characters that should never appear in a host before letting it normalise the rest.
  if (/[\s@/\\:]/.test(host) || CONTROL.test(host)) return null
  host = domainToASCII(host)
  if (host.length === 0) return null
  host = host.toLowerCase()
  return isHostName(host) ? host : null
}

function isHostName(host: string): boolean {
  if (host.length === 0 || host.length > MAX_HOST_LENGTH) return false
  const labels = host.split('.')
  if (labels.length < 2) return false
  for (const label of labels) if (!LABEL.test(label)) return false
  const tld = labels[labels.length - 1] ?? ''
  return !NUMERIC_TLD.test(tld)
}
