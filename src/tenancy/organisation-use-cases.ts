import type { Kysely } from 'kysely'
import { withAudit } from '../audit/audit-log.js'
import type { Actor } from '../audit/audit-log.js'
import type { Database, OrganisationKind } from '../db/database.js'
import { cursorKeys, decodeCursor, toPage, type Page } from '../pagination.js'
import { createOrganisation, getOrganisation, listOrganisations, organisationView, type OrganisationView } from './organisations.js'

/** The platform's organisations, kept by administrators: police forces and contracting authorities. */
export function organisationUseCases(db: Kysely<Database>) {
  async function create(actor: Actor, input: { id?: string | undefined; name: string; kind: OrganisationKind }): Promise<OrganisationView> {
    const row = await withAudit(
      db,
      (trx) => createOrganisation(trx, input),
      (org) => ({ ...actor, action: 'organisation.create', targetType: 'organisation', targetId: org.id, details: { kind: org.kind } }),
    )
    return organisationView(row)
  }

  async function list(query: { kind?: OrganisationKind | undefined; limit: number; cursor?: string | undefined }): Promise<Page<OrganisationView>> {
    const after = query.cursor ? decodeCursor(query.cursor, cursorKeys.byId)[0] : undefined
    const rows = await listOrganisations(db, { kind: query.kind, after, limit: query.limit + 1 })
    return toPage(rows, query.limit, (r) => [r.id], organisationView)
  }

  async function get(id: string): Promise<OrganisationView> {
    return organisationView(await getOrganisation(db, id))
  }

  return { create, list, get }
}

export type OrganisationUseCases = ReturnType<typeof organisationUseCases>
