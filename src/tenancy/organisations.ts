import type { Kysely, Transaction } from 'kysely'
import type { Database, Organisation, OrganisationKind } from '../db/database.js'
import { AppError, notFound } from '../errors.js'
import { newId } from '../ids.js'
import { PLATFORM_ORG } from '../auth/principal.js'

export interface OrganisationView {
  id: string
  name: string
  kind: OrganisationKind
  createdAt: string
}

export function organisationView(row: Organisation): OrganisationView {
  return { id: row.id, name: row.name, kind: row.kind, createdAt: row.created_at.toISOString() }
}

export async function createOrganisation(
  trx: Transaction<Database>,
  input: { id?: string | undefined; name: string; kind: OrganisationKind },
): Promise<Organisation> {
  const id = input.id ?? newId('org')
  if (id === PLATFORM_ORG) throw new AppError('CONFLICT', `"${PLATFORM_ORG}" is reserved for administrators`, { field: 'id' })
  const clash = await trx
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('id', '=', id), eb(eb.fn('lower', ['name']), '=', input.name.toLowerCase())]))
    .executeTakeFirst()
  if (clash) {
    const field = clash.id === id ? 'id' : 'name'
    throw new AppError('CONFLICT', `An organisation with this ${field} already exists`, { field, extensions: { existingId: clash.id } })
  }
  return trx.insertInto('organisations').values({ id, name: input.name, kind: input.kind }).returningAll().executeTakeFirstOrThrow()
}

export async function listOrganisations(
  db: Kysely<Database>,
  filter: { kind?: OrganisationKind | undefined; after?: string | undefined; limit: number },
): Promise<Organisation[]> {
  let query = db.selectFrom('organisations').selectAll().orderBy('id').limit(filter.limit)
  if (filter.kind) query = query.where('kind', '=', filter.kind)
  if (filter.after) query = query.where('id', '>', filter.after)
  return query.execute()
}

export async function getOrganisation(db: Kysely<Database>, id: string): Promise<Organisation> {
  const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('Organisation')
  return row
}

/** The kind of an organisation, or undefined when there is none with this id. */
export async function organisationKind(db: Kysely<Database>, id: string): Promise<OrganisationKind | undefined> {
  const row = await db.selectFrom('organisations').select('kind').where('id', '=', id).executeTakeFirst()
  return row?.kind
}
