import { onEachDatabase } from '../helpers/test-app.js'
import { sealAuditChain } from '../../src/audit/seal-audit-chain.js'
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js'
import { sql } from 'kysely'

onEachDatabase('admins create, list and read organisations; each write is audited', async (t, { app, adminToken, database }) => {
  const auth = { authorization: `Bearer ${adminToken}` }
  const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/organisations', headers: auth, payload })

  const gmp = await post({ id: 'gmp', name: 'Greater Manchester Police', kind: 'police' })
  t.equal(gmp.statusCode, 201)
  t.equal(gmp.headers.location, '/v1/organisations/gmp')
  t.match(gmp.json(), { id: 'gmp', name: 'Greater Manchester Police', kind: 'police', createdAt: String })

  const salford = await post({ name: 'Salford City Council', kind: 'authority' })
  t.equal(salford.statusCode, 201)
  t.match(salford.json(), { id: /^org_[0-9A-Z]{26}$/, kind: 'authority' }, 'an id is generated when none is given')

  const duplicateId = await post({ id: 'gmp', name: 'Another', kind: 'police' })
  t.equal(duplicateId.statusCode, 409)
  t.match(duplicateId.json(), { code: 'CONFLICT', field: 'id' })
  const duplicateName = await post({ name: 'salford city council', kind: 'authority' })
  t.equal(duplicateName.statusCode, 409, 'names are unique regardless of case')
  t.match(duplicateName.json(), { code: 'CONFLICT', field: 'name' })
  const reserved = await post({ id: 'platform', name: 'Platform', kind: 'police' })
  t.equal(reserved.statusCode, 409)

  for (let i = 0; i < 3; i++) t.equal((await post({ id: `force-${i}`, name: `Force ${i}`, kind: 'police' })).statusCode, 201)
  const page1 = await app.inject({ method: 'GET', url: '/v1/organisations?kind=police&limit=2', headers: auth })
  t.equal(page1.statusCode, 200)
  const p1 = page1.json<{ items: { id: string }[]; nextCursor: string }>()
  t.same(
    p1.items.map((o) => o.id),
    ['force-0', 'force-1'],
  )
  const page2 = await app.inject({ method: 'GET', url: `/v1/organisations?kind=police&limit=2&cursor=${p1.nextCursor}`, headers: auth })
  const p2 = page2.json<{ items: { id: string }[]; nextCursor: string | null }>()
  t.same(
    p2.items.map((o) => o.id),
    ['force-2', 'gmp'],
  )
  t.equal(p2.nextCursor, null, 'the last page has no next cursor')

  const one = await app.inject({ method: 'GET', url: '/v1/organisations/gmp', headers: auth })
  t.equal(one.statusCode, 200)
  t.equal(one.headers['cache-control'], 'no-store')

  const events = await database.db.selectFrom('audit_events').selectAll().where('action', '=', 'organisation.create').execute()
  t.equal(events.length, 5, 'one audit event per created organisation, none for refused ones')
  t.match(events[0], { actor: 'admin-1', org_id: 'platform', target_type: 'organisation', target_id: 'gmp', request_id: String })
})

onEachDatabase('sharing agreements: create, list by status, revoke once, all audited', async (t, { app, adminToken, database }) => {
  const auth = { authorization: `Bearer ${adminToken}` }
  for (const org of [
    { id: 'gmp', name: 'GMP', kind: 'police' },
    { id: 'met', name: 'Met', kind: 'police' },
    { id: 'salford', name: 'Salford', kind: 'authority' },
  ]) {
    await app.inject({ method: 'POST', url: '/v1/organisations', headers: auth, payload: org })
  }
  const create = (payload: object) => app.inject({ method: 'POST', url: '/v1/sharing-agreements', headers: auth, payload })

  const active = await create({ policeOrgId: 'gmp', authorityOrgId: 'salford' })
  t.equal(active.statusCode, 201)
  const activeBody = active.json<{ id: string }>()
  t.match(active.json(), { id: /^shr_/, policeOrgId: 'gmp', authorityOrgId: 'salford', status: 'active', validTo: null, revokedAt: null })
  t.equal(active.headers.location, `/v1/sharing-agreements/${activeBody.id}`)

  const future = new Date(Date.now() + 86_400_000).toISOString()
  const pending = await create({ policeOrgId: 'met', authorityOrgId: 'salford', validFrom: future })
  t.match(pending.json(), { status: 'pending' })

  const refused: [string, object, number, string, string][] = [
    ['police org that is an authority', { policeOrgId: 'salford', authorityOrgId: 'salford' }, 422, 'UNPROCESSABLE_CONTENT', 'policeOrgId'],
    ['authority org that is a force', { policeOrgId: 'gmp', authorityOrgId: 'met' }, 422, 'UNPROCESSABLE_CONTENT', 'authorityOrgId'],
    ['unknown organisation', { policeOrgId: 'nope', authorityOrgId: 'salford' }, 422, 'UNPROCESSABLE_CONTENT', 'policeOrgId'],
    [
      'period ending before it starts',
      { policeOrgId: 'gmp', authorityOrgId: 'salford', validFrom: '2026-01-02T00:00:00Z', validTo: '2026-01-01T00:00:00Z' },
      400,
      'VALIDATION_FAILED',
      'validTo',
    ],
    ['date that is not ISO 8601', { policeOrgId: 'gmp', authorityOrgId: 'salford', validFrom: 'tomorrow' }, 400, 'VALIDATION_FAILED', 'validFrom'],
  ]
  for (const [name, payload, status, code, field] of refused) {
    const res = await create(payload)
    t.equal(res.statusCode, status, name)
    t.match(res.json(), { code, field }, `${name}: ${code} on ${field}`)
  }

  const listed = await app.inject({ method: 'GET', url: '/v1/sharing-agreements?status=active', headers: auth })
  t.same(
    listed.json<{ items: { id: string }[] }>().items.map((a) => a.id),
    [activeBody.id],
  )

  const revoke = () => app.inject({ method: 'DELETE', url: `/v1/sharing-agreements/${activeBody.id}`, headers: auth })
  const first = await revoke()
  t.equal(first.statusCode, 200)
  t.match(first.json(), { status: 'revoked', revokedAt: String })
  const second = await revoke()
  t.equal(second.statusCode, 200, 'revoking again is harmless')
  t.equal(second.json<{ revokedAt: string }>().revokedAt, first.json<{ revokedAt: string }>().revokedAt)
  const missing = await app.inject({ method: 'DELETE', url: '/v1/sharing-agreements/shr_nope', headers: auth })
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { code: 'NOT_FOUND' })

  const revoked = await app.inject({ method: 'GET', url: '/v1/sharing-agreements?status=revoked', headers: auth })
  t.equal(revoked.json<{ items: unknown[] }>().items.length, 1)

  const actions = (await database.db.selectFrom('audit_events').select('action').orderBy('seq').execute()).map((e) => e.action)
  t.same(
    actions.filter((a) => a.startsWith('sharing_agreement')),
    ['sharing_agreement.create', 'sharing_agreement.create', 'sharing_agreement.revoke'],
  )

  // The app's own sealer may have sealed some already (it runs every second): after this round, none is left.
  await sealAuditChain(database.db)
  const unsealed = await database.db.selectFrom('audit_events').select('seq').where('chain_seq', 'is', null).execute()
  t.same(unsealed, [], 'committed events are sealed into the chain')
  t.match(await verifyAuditTrail(database.db), { ok: true, events: actions.length, pending: 0, problems: [] }, 'the hash chain verifies')
  // Sealed events are append-only in the database itself; what verification catches when that is
  // bypassed is test/audit/audit-tamper.test.ts's subject.
  await t.rejects(sql`update audit_events set actor = 'someone-else' where chain_seq = 2`.execute(database.db), 'UPDATE of a sealed event is refused')
  await t.rejects(sql`delete from audit_events where chain_seq = 3`.execute(database.db), 'DELETE of a sealed event is refused')
  t.match(await verifyAuditTrail(database.db), { ok: true, events: actions.length, pending: 0, problems: [] }, 'and the chain still verifies')
})

onEachDatabase('admins export the audit log as NDJSON, page by page; nobody else can', async (t, ctx) => {
  const { app, adminToken } = ctx
  const token = ctx.token.bind(ctx)
  const auth = { authorization: `Bearer ${adminToken}` }
  for (let i = 0; i < 3; i++)
    await app.inject({ method: 'POST', url: '/v1/organisations', headers: auth, payload: { id: `org-${i}`, name: `Org ${i}`, kind: 'police' } })
  const first = await app.inject({ method: 'GET', url: '/v1/audit?action=organisation.create&limit=2', headers: auth })
  t.equal(first.statusCode, 200)
  t.match(first.headers['content-type'], /^application\/x-ndjson/)
  const lines = first.body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { seq: number; action: string; targetId: string })
  t.same(
    lines.map((l) => l.targetId),
    ['org-0', 'org-1'],
  )
  const next = String(first.headers['x-next-after-seq'])
  const second = await app.inject({ method: 'GET', url: `/v1/audit?action=organisation.create&limit=2&afterSeq=${next}`, headers: auth })
  t.same(
    second.body
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { targetId: string }).targetId),
    ['org-2'],
  )
  t.equal(second.headers['x-next-after-seq'], undefined, 'the last page has no next')
  const exports = await app.inject({ method: 'GET', url: '/v1/audit?action=audit.export', headers: auth })
  t.equal(exports.body.trim().split('\n').length, 2, 'each export is itself audited')
  const police = await app.inject({
    method: 'GET',
    url: '/v1/audit',
    headers: { authorization: `Bearer ${token({ sub: 'p', org: 'org-0', roles: ['police'] })}` },
  })
  t.equal(police.statusCode, 403)
})
