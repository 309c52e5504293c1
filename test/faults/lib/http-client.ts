import { signToken } from '../../../src/auth/sign-token.js'
import type { Role } from '../../../src/auth/principal.js'
import { TEST_JWT_SECRET } from '../../helpers/test-app.js'

export interface Answer {
  status: number
  headers: Headers
  body: Record<string, unknown>
}

export type Caller = (method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>

/** A real token of `org` holding `roles`, signed with the test key the server processes verify. */
export function tokenFor(org: string, ...roles: Role[]): string {
  return signToken({ sub: `${org}-user`, org, roles }, { algorithm: 'HS256', key: TEST_JWT_SECRET }, '1h')
}

/** Requests over real HTTP to a server process, with a real token of `org` holding `roles`. */
export function callerFor(base: () => string, org: string, ...roles: Role[]): Caller {
  const token = tokenFor(org, ...roles)
  return async (method, url, body, headers = {}) => {
    const response = await fetch(`${base()}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
  }
}

/** Organisations, an agreement and one force's watchlist, through the API; returns the watchlist's id. */
export async function seedThroughApi(admin: Caller, police: Caller, content: unknown): Promise<string> {
  for (const org of [
    { id: 'gmp', name: 'Greater Manchester Police', kind: 'police' },
    { id: 'salford', name: 'Salford City Council', kind: 'authority' },
  ]) {
    const created = await admin('POST', '/v1/organisations', org)
    if (created.status !== 201) throw new Error(`seeding ${org.id} answered ${created.status}`)
  }
  await admin('POST', '/v1/sharing-agreements', { policeOrgId: 'gmp', authorityOrgId: 'salford' })
  const watchlist = await police('POST', '/v1/watchlists', { name: 'GMP groups' })
  const id = watchlist.body.id as string
  const uploaded = await police('PUT', `/v1/watchlists/${id}/content`, content)
  if (uploaded.status !== 201) throw new Error(`seed upload answered ${uploaded.status}`)
  return id
}
