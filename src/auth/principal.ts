import { z } from 'zod'

export const ROLES = ['screener', 'officer', 'police', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** Administrators are the service's own operators; their tokens carry this organisation, which has no row. */
export const PLATFORM_ORG = 'platform'

export const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  org: z.string().min(1).max(100),
  roles: z.array(z.enum(ROLES)).min(1),
})

export type Principal = z.infer<typeof claimsSchema>

/**
 * The organisation kinds each role acts for. `police` is the contributor's role: a police force's
 * analysts, or a partner agency's, who keep its watchlists.
 */
export const roleOrgKinds: Record<Role, readonly string[]> = {
  screener: ['authority'],
  officer: ['authority'],
  police: ['police', 'agency'],
  admin: ['platform'],
}
