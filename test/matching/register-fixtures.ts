import type { RegisterGroup } from '../../src/matching/index.js'

/** The one force that owns the matching tests' registers, and a scope that lets it be seen. */
const OWNER = 'police_a'
export const scope = { allowedOwners: new Set([OWNER]) }

/** `count` high-risk groups of that force with plain names, for tests whose subject is the entities. */
export function plainGroups(count: number): RegisterGroup[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `g${i}`,
    ref: `OCG-${i}`,
    name: `Group ${i}`,
    aliases: [],
    riskLevel: 'high',
    handling: 'Contact the SOC unit.',
    ownerOrgId: OWNER,
  }))
}
