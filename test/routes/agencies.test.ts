import { seedRegister } from '../helpers/screening-fixtures.js'
import { onEachDatabase } from '../helpers/test-app.js'

const hmrcWatchlist = {
  groups: [
    {
      ref: 'HMRC-OCG-0042',
      name: 'Carousel fuel fraud network',
      riskLevel: 'high',
      handling: "Contact HMRC's Fraud Investigation Service quoting the reference.",
      notes: 'VAT carousel suspected',
      entities: [{ type: 'company', name: 'Carousel Fuels Ltd', companyNumber: '07711111' }],
    },
  ],
}
const carousel = { supplier: { name: 'Carousel Fuels Limited', companyNumber: '07711111' } }

interface Match {
  group: { ref: string; contributor: string; force: string }
}

onEachDatabase('a partner agency contributes a watchlist that only authorities with an agreement are screened against', async (t, ctx) => {
  const { admin, salfordScreener } = await seedRegister(ctx)
  const created = await admin({ method: 'POST', url: '/v1/organisations', payload: { id: 'hmrc', name: 'HM Revenue & Customs', kind: 'agency' } })
  t.equal(created.statusCode, 201)
  t.equal(created.json<{ kind: string }>().kind, 'agency')

  const bad = await admin({
    method: 'POST',
    url: '/v1/sharing-agreements',
    payload: { contributorOrgId: 'hmrc', policeOrgId: 'gmp', authorityOrgId: 'salford' },
  })
  t.equal(bad.statusCode, 400, 'the alias may not name another contributor')
  t.equal(bad.json<{ field: string }>().field, 'policeOrgId')
  const none = await admin({ method: 'POST', url: '/v1/sharing-agreements', payload: { authorityOrgId: 'salford' } })
  t.equal(none.json<{ field: string }>().field, 'contributorOrgId', 'a contributor is required')
  const council = await admin({ method: 'POST', url: '/v1/sharing-agreements', payload: { contributorOrgId: 'leeds', authorityOrgId: 'salford' } })
  t.equal(council.statusCode, 422, 'a council is no contributor')
  t.match(council.json(), { field: 'contributorOrgId', detail: /police force or a partner agency/ })

  const agreement = await admin({ method: 'POST', url: '/v1/sharing-agreements', payload: { contributorOrgId: 'hmrc', authorityOrgId: 'salford' } })
  t.equal(agreement.statusCode, 201)
  t.match(agreement.json(), { contributorOrgId: 'hmrc', policeOrgId: 'hmrc', authorityOrgId: 'salford', status: 'active' })
  const listed = await admin({ method: 'GET', url: '/v1/sharing-agreements?contributorOrgId=hmrc' })
  t.same(
    listed.json<{ items: { contributorOrgId: string }[] }>().items.map((a) => a.contributorOrgId),
    ['hmrc'],
  )
  const byAlias = await admin({ method: 'GET', url: '/v1/sharing-agreements?policeOrgId=hmrc' })
  t.equal(byAlias.json<{ items: unknown[] }>().items.length, 1, 'and by the alias')

  // The agency's analysts hold the contributor's role, `police`, and keep watchlists as a force does.
  const hmrc = ctx.as('hmrc', 'police')
  const list = await hmrc({ method: 'POST', url: '/v1/watchlists', payload: { name: 'Fraud networks' } })
  t.equal(list.statusCode, 201)
  const uploaded = await hmrc({ method: 'PUT', url: `/v1/watchlists/${list.json<{ id: string }>().id}/content`, payload: hmrcWatchlist })
  t.equal(uploaded.statusCode, 201)
  t.equal((await ctx.as('hmrc', 'officer')({ method: 'GET', url: '/v1/screenings' })).statusCode, 403, 'an agency is no authority')

  const salford = (await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: carousel })).json<{ band: string; matches: Match[] }>()
  t.not(salford.band, 'none', 'Salford, which has an agreement, is screened against the agency')
  const hit = salford.matches.find((m) => m.group.ref === 'HMRC-OCG-0042')
  t.match(hit, { group: { contributor: 'HM Revenue & Customs', force: 'HM Revenue & Customs' } }, 'the match names the contributor, and the alias')
  t.notMatch(JSON.stringify(salford), /VAT carousel/, 'never its notes')

  const leeds = (await ctx.as('leeds', 'screener')({ method: 'POST', url: '/v1/screenings', payload: carousel })).json<{ band: string; matches: Match[] }>()
  t.equal(leeds.band, 'none', 'Leeds, without one, is not')
  t.same(leeds.matches, [])
})
