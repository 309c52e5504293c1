import { cleanSupplier, seedRegister } from '../helpers/screening-fixtures.js'
import { onEachDatabase } from '../helpers/test-app.js'

// Issue 12 point 6: one text rule for every free-text field. Refused with the field named:
// controls (line breaks only where a field has several lines), bidi overrides, embeddings and
// isolates, lone surrogates, noncharacters. Kept as sent: zero-width and format characters.

const refused: [string, string][] = [
  ['a right-to-left override', 'Acme \u202Eevil'],
  ['a first-strong isolate', 'Acme \u2068x\u2069'],
  ['a C1 control', 'Acme \u0085x'],
  ['an escape character', 'Acme \u001Bx'],
  ['a noncharacter', 'Acme \uFFFE'],
  ['a plane-16 noncharacter', 'Acme \u{10FFFF}'],
]

onEachDatabase('every free-text field refuses the same characters, naming the field', async (t, ctx) => {
  const { admin, salfordScreener, salfordOfficer, gmp } = await seedRegister(ctx)
  const screening = await salfordScreener({ method: 'POST', url: '/v1/screenings', payload: cleanSupplier })
  const screeningId = screening.json<{ id: string }>().id
  const fields: [string, (value: string) => Promise<{ statusCode: number; json: <T>() => T }>, string][] = [
    [
      'decision note',
      (note) => salfordOfficer({ method: 'POST', url: `/v1/screenings/${screeningId}/decisions`, payload: { outcome: 'referred', note } }),
      'note',
    ],
    ['organisation name', (name) => admin({ method: 'POST', url: '/v1/organisations', payload: { name, kind: 'police' } }), 'name'],
    ['watchlist name', (name) => gmp({ method: 'POST', url: '/v1/watchlists', payload: { name } }), 'name'],
    ['watchlist description', (description) => gmp({ method: 'POST', url: '/v1/watchlists', payload: { name: 'Described', description } }), 'description'],
    [
      'sharing agreement police force',
      (policeOrgId) => admin({ method: 'POST', url: '/v1/sharing-agreements', payload: { policeOrgId, authorityOrgId: 'leeds' } }),
      'policeOrgId',
    ],
    [
      'sharing agreement authority',
      (authorityOrgId) => admin({ method: 'POST', url: '/v1/sharing-agreements', payload: { policeOrgId: 'gmp', authorityOrgId } }),
      'authorityOrgId',
    ],
  ]
  for (const [fieldName, send, field] of fields) {
    for (const [what, value] of refused) {
      const res = await send(value)
      t.equal(res.statusCode, 400, `${fieldName}, ${what}: 400`)
      t.match(res.json(), { code: 'VALIDATION_FAILED', field }, `${fieldName}, ${what}: names ${field}`)
    }
  }
  const lineBreakInName = await gmp({ method: 'POST', url: '/v1/watchlists', payload: { name: 'Two\nlines' } })
  t.match(lineBreakInName.json(), { code: 'VALIDATION_FAILED', field: 'name' }, 'a one-line field refuses a line break')

  // Several lines where the field has them; zero-width and format characters kept as sent.
  const note = 'Checked with the force.\r\n\tNo link: \u200Bzero-width\u200D joiner, soft\u00ADhyphen'
  const decided = await salfordOfficer({ method: 'POST', url: `/v1/screenings/${screeningId}/decisions`, payload: { outcome: 'cleared', note } })
  t.equal(decided.statusCode, 201)
  t.equal(decided.json<{ note: string }>().note, note, 'the note is stored as sent, format characters included')
  const kept = await gmp({ method: 'POST', url: '/v1/watchlists', payload: { name: 'Joiner\u200Dlist', description: 'First line\nsecond line' } })
  t.equal(kept.statusCode, 201)
  t.match(kept.json(), { name: 'Joiner\u200Dlist', description: 'First line\nsecond line' })
  const organisation = await admin({ method: 'POST', url: '/v1/organisations', payload: { name: 'Zero\u200Bwidth Council', kind: 'authority' } })
  t.equal(organisation.statusCode, 201)
  t.match(organisation.json(), { name: 'Zero\u200Bwidth Council' })
})

onEachDatabase('X-Purpose, kept in the audit trail, follows the text rule too', async (t, ctx) => {
  const { salfordScreener } = await seedRegister(ctx)
  // UTF-8 bytes of U+202E sent in a header reach Node as Latin-1: C1 controls among them.
  const hostile = Buffer.from('Due diligence \u202E', 'utf8').toString('latin1')
  const refusedPurpose = await salfordScreener({ method: 'GET', url: '/v1/screenings', headers: { 'x-purpose': hostile } })
  t.equal(refusedPurpose.statusCode, 400)
  t.match(refusedPurpose.json(), { code: 'VALIDATION_FAILED', field: 'X-Purpose' })
  const stated = await salfordScreener({ method: 'GET', url: '/v1/screenings', headers: { 'x-purpose': 'Tender 2026-0412 due diligence' } })
  t.equal(stated.statusCode, 200, 'a plain purpose is accepted')
})
