import { lookup as dnsLookup } from 'node:dns'
import { isIP, type LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

/** The delivery log's class for an address refused by this guard; never the address itself. */
export const ADDRESS_NOT_ALLOWED = 'address_not_allowed'

/** Raised in the connect path for a refused address; its message names no address, so nothing can leak it. */
export class AddressNotAllowedError extends Error {
  override name = 'AddressNotAllowedError'
  readonly code = 'ERR_ADDRESS_NOT_ALLOWED'
  constructor() {
    super('webhook address is not a public one')
  }
}

// Only global unicast space is public: IPv6 outside 2000::/3 is unallocated or special (this
// also catches the deprecated IPv4-compatible ::a.b.c.d, which ipaddr.js calls plain unicast).
const GLOBAL_UNICAST_IPV6 = ipaddr.parseCIDR('2000::/3')

/**
 * Whether a webhook may be sent to this IP address: only to ordinary public unicast, never to
 * loopback, RFC 1918, link-local, unique-local, CGNAT, multicast, broadcast, documentation,
 * reserved, or an IPv6 form that carries an IPv4 address onward (mapped, NAT64, 6to4, Teredo),
 * which could reach our own network from a URL an officer typed. ipaddr.js names the special
 * ranges; anything it does not call `unicast` is refused, so a range it learns later is refused too.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  // process() turns an IPv4-mapped IPv6 address into the IPv4 address it reaches.
  const ip = ipaddr.process(address)
  if (ip.range() !== 'unicast') return false
  return ip.kind() === 'ipv4' || ip.match(GLOBAL_UNICAST_IPV6)
}

/** Whether a URL's host (as `URL.hostname` gives it, IPv6 in brackets) is an IP literal that is not public. */
export function isNonPublicLiteral(hostname: string): boolean {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname
  return isIP(host) !== 0 && !isPublicAddress(host)
}

/** `localhost` and its subdomains (RFC 6761 §6.3): resolved to loopback by convention, whatever DNS says. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '')
  return name === 'localhost' || name.endsWith('.localhost')
}

/**
 * A `lookup` for the socket's own connect: every address the name resolves to must be public, or
 * the connection fails with AddressNotAllowedError. Being the very resolution the socket connects
 * with, a name that answers public to one query and private to the next (DNS rebinding) cannot slip
 * through. A name with any non-public address is refused outright rather than filtered: a public
 * host has no business resolving to our network, and the outcome does not depend on which is tried.
 */
export const publicAddressLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '')
    const first = addresses[0]
    // The resolver reports a name without addresses as ENOTFOUND itself; this keeps that so.
    if (first === undefined) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '')
    if (!addresses.every((a) => isPublicAddress(a.address))) return callback(new AddressNotAllowedError(), '')
    if (options.all) return callback(null, addresses)
    callback(null, first.address, first.family)
  })
}
