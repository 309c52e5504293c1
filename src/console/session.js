// The signed-in user's token and stated purpose.
//
// sessionStorage, not localStorage: the token is a bearer credential for law-enforcement
// intelligence. sessionStorage lives only as long as the tab and is not shared with other tabs,
// so closing the tab signs the officer out and a shared or unattended machine does not keep a
// usable token on disk for the next person; localStorage would persist it indefinitely.

const TOKEN_KEY = 'bidscreen.console.token'
const PURPOSE_KEY = 'bidscreen.console.purpose'

/**
 * The claims of a JWT, read without verifying it: only to choose which views to offer. The API
 * verifies the token on every request and enforces roles and organisation itself.
 * @param {string} token
 * @returns {{ sub: string, org: string, roles: string[], exp: number | undefined } | null}
 */
export function decodeToken(token) {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts[1]) return null
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/')
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))
    const text = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
    const claims = JSON.parse(text)
    if (typeof claims !== 'object' || claims === null) return null
    return {
      sub: typeof claims.sub === 'string' ? claims.sub : '',
      org: typeof claims.org === 'string' ? claims.org : '',
      roles: Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === 'string') : [],
      exp: typeof claims.exp === 'number' ? claims.exp : undefined,
    }
  } catch {
    return null
  }
}

export function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY)
}

/** @param {string} token */
export function storeToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token)
}

export function storedPurpose() {
  return sessionStorage.getItem(PURPOSE_KEY) ?? ''
}

/** @param {string} purpose */
export function storePurpose(purpose) {
  if (purpose) sessionStorage.setItem(PURPOSE_KEY, purpose)
  else sessionStorage.removeItem(PURPOSE_KEY)
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY)
  sessionStorage.removeItem(PURPOSE_KEY)
}
