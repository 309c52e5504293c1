import t from 'tap'
import { AddressNotAllowedError, isLocalhostName, isNonPublicLiteral, isPublicAddress, publicAddressLookup } from '../../src/webhooks/webhook-address-guard.js'

// Each range by its edges: the first and last address inside, and a neighbour just outside where it is public.
const addresses: [string, boolean, string][] = [
  ['8.8.8.8', true, 'public IPv4'],
  ['93.184.215.14', true, 'public IPv4'],
  ['0.0.0.0', false, 'this network, 0/8'],
  ['0.255.255.255', false, 'end of 0/8'],
  ['1.0.0.0', true, 'just past 0/8'],
  ['9.255.255.255', true, 'just before 10/8'],
  ['10.0.0.0', false, 'RFC 1918 10/8'],
  ['10.0.0.5', false, 'RFC 1918 10/8'],
  ['10.255.255.255', false, 'end of 10/8'],
  ['11.0.0.0', true, 'just past 10/8'],
  ['100.63.255.255', true, 'just before CGNAT'],
  ['100.64.0.0', false, 'CGNAT 100.64/10'],
  ['100.127.255.255', false, 'end of CGNAT'],
  ['100.128.0.0', true, 'just past CGNAT'],
  ['126.255.255.255', true, 'just before loopback'],
  ['127.0.0.1', false, 'loopback'],
  ['127.255.255.254', false, 'loopback 127/8'],
  ['128.0.0.0', true, 'just past loopback'],
  ['169.253.255.255', true, 'just before link-local'],
  ['169.254.0.0', false, 'link-local'],
  ['169.254.169.254', false, 'cloud metadata'],
  ['169.254.255.255', false, 'end of link-local'],
  ['169.255.0.0', true, 'just past link-local'],
  ['172.15.255.255', true, 'just before 172.16/12'],
  ['172.16.0.0', false, 'RFC 1918 172.16/12'],
  ['172.31.255.255', false, 'end of 172.16/12'],
  ['172.32.0.0', true, 'just past 172.16/12'],
  ['192.0.0.8', false, 'IETF protocol assignments 192.0.0/24'],
  ['192.0.2.1', false, 'documentation TEST-NET-1'],
  ['192.167.255.255', true, 'just before 192.168/16'],
  ['192.168.0.0', false, 'RFC 1918 192.168/16'],
  ['192.168.255.255', false, 'end of 192.168/16'],
  ['192.169.0.0', true, 'just past 192.168/16'],
  ['198.18.0.1', false, 'benchmarking'],
  ['224.0.0.1', false, 'multicast'],
  ['239.255.255.255', false, 'end of multicast'],
  ['240.0.0.1', false, 'reserved 240/4'],
  ['255.255.255.255', false, 'broadcast'],
  ['2001:4860:4860::8888', true, 'public IPv6'],
  ['2a00:1450:4009:81f::200e', true, 'public IPv6'],
  ['::', false, 'IPv6 unspecified'],
  ['::1', false, 'IPv6 loopback'],
  ['::7f00:1', false, 'IPv4-compatible (deprecated) loopback'],
  ['::ffff:127.0.0.1', false, 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', false, 'IPv4-mapped loopback, hex'],
  ['::ffff:10.0.0.5', false, 'IPv4-mapped RFC 1918'],
  ['::ffff:169.254.169.254', false, 'IPv4-mapped cloud metadata'],
  ['::ffff:8.8.8.8', true, 'IPv4-mapped public: the IPv4 address it reaches'],
  ['64:ff9b::a00:5', false, 'NAT64 of 10.0.0.5'],
  ['2002:7f00:1::', false, '6to4 of 127.0.0.1'],
  ['2001::1', false, 'Teredo'],
  ['2001:db8::1', false, 'documentation'],
  ['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false, 'just before unique-local, outside 2000::/3'],
  ['fc00::', false, 'unique-local fc00::/7'],
  ['fd00::1', false, 'unique-local fd00::/8'],
  ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false, 'end of unique-local'],
  ['fe80::', false, 'link-local fe80::/10'],
  ['febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false, 'end of link-local'],
  ['fec0::1', false, 'deprecated site-local'],
  ['ff02::1', false, 'multicast'],
  ['1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false, 'just before 2000::/3'],
  ['2000::1', true, 'start of global unicast 2000::/3'],
  ['3ffe:ffff::1', true, 'global unicast, short of 3fff::/20'],
  ['4000::1', false, 'just past 2000::/3, unallocated'],
  ['not an address', false, 'not an address at all'],
]

t.test('only public unicast addresses are allowed', async (t) => {
  for (const [address, allowed, why] of addresses) t.equal(isPublicAddress(address), allowed, `${address} (${why}): ${allowed ? 'allowed' : 'refused'}`)
})

t.test("a URL's host is a non-public literal only when it is an IP address outside public space", async (t) => {
  const cases: [string, boolean][] = [
    ['127.0.0.1', true],
    ['[::1]', true],
    ['[fd00::1]', true],
    ['[::ffff:a00:5]', true],
    ['8.8.8.8', false],
    ['[2001:4860:4860::8888]', false],
    ['procurement.salford.example', false],
    ['10.0.0.5.nip.io', false],
  ]
  for (const [hostname, refused] of cases) t.equal(isNonPublicLiteral(hostname), refused, hostname)
})

t.test('localhost and its subdomains are names for loopback', async (t) => {
  const cases: [string, boolean][] = [
    ['localhost', true],
    ['LOCALHOST', true],
    ['localhost.', true],
    ['api.localhost', true],
    ['localhost.example', false],
    ['notlocalhost', false],
  ]
  for (const [hostname, local] of cases) t.equal(isLocalhostName(hostname), local, hostname)
})

t.test('the lookup refuses a name resolving to loopback, whether one address or all are asked for', async (t) => {
  for (const all of [false, true]) {
    const error = await new Promise<unknown>((resolve) => publicAddressLookup('localhost', { all }, (err) => resolve(err)))
    t.type(error, AddressNotAllowedError, `all: ${all}`)
    t.notMatch((error as Error).message, /127\.0\.0\.1|::1/, 'the error names no address')
  }
  const missing = await new Promise<unknown>((resolve) => publicAddressLookup('no-such-host.invalid', {}, (err) => resolve(err)))
  t.match(missing, { code: 'ENOTFOUND' }, "the resolver's own failure passes through")
})
