import { sql } from 'kysely'
import { seedRegister } from '../helpers/screening-fixtures.js'
import t from 'tap'
import { databaseKinds, startTestApp } from '../helpers/test-app.js'

// Issue 12 point 2: no personal data in any log line, error paths included. The suite's error
// cases are sent with personal values in every place a client can put them, a database error is
// caused on a write that carries them, and every captured log line is scanned for them.

const PERSONAL = ['Zebedee', 'Quartermaine', '1977-02-28', 'Wisteria', 'zebedee.q@', '07700 900123']

const person = { name: 'Zebedee Quartermaine', dateOfBirth: '1977-02-28' }
const supplier = {
  name: 'Quartermaine Haulage Ltd',
  people: [person],
  addresses: [{ lines: ['17 Wisteria Lane'], town: 'Quxby', postcode: 'M5 4XJ' }],
  emails: ['zebedee.q@example.test'],
  phones: ['07700 900123'],
}

for (const kind of databaseKinds) {
  t.test(`no log line holds a personal value the requests sent, on error paths too [${kind}]`, async (t) => {
    const ctx = await startTestApp(t, kind)
    // Database errors that quote personal values: a failed statement's parameters, and (on
    // PostgreSQL) the `where` context that quotes JSON that did not parse. Test routes, as no route
    // of the contract documents a 500; the error handler and logger are the app's own.
    ctx.app.post('/test/db-error/params', async () => {
      await sql`insert into no_such_table (name, date_of_birth) values (${person.name}, ${person.dateOfBirth})`.execute(ctx.database.db)
    })
    ctx.app.post('/test/db-error/json', async () => {
      await sql`select ${JSON.stringify({ supplier, broken: true }).slice(0, -1)}::jsonb`.execute(ctx.database.db)
    })
    const { salfordScreener, salfordOfficer, gmp } = await seedRegister(ctx)
    const json = { 'content-type': 'application/json' }
    const cursor = Buffer.from(JSON.stringify(['Zebedee Quartermaine', '1977-02-28'])).toString('base64url')
    const attempts: [string, Promise<{ statusCode: number }>, number][] = [
      ['an extra field', salfordScreener({ method: 'POST', url: '/v1/screenings', payload: { supplier: { ...supplier, colour: 'Wisteria' } } }), 400],
      [
        'a bad date of birth',
        salfordScreener({ method: 'POST', url: '/v1/screenings', payload: { supplier: { ...supplier, people: [{ ...person, dateOfBirth: '1977-02-28x' }] } } }),
        400,
      ],
      ['malformed JSON', salfordScreener({ method: 'POST', url: '/v1/screenings', headers: json, payload: `{"supplier":{"name":"Zebedee Quartermaine"` }), 400],
      [
        'not UTF-8',
        salfordScreener({
          method: 'POST',
          url: '/v1/screenings',
          headers: json,
          payload: Buffer.concat([Buffer.from('{"supplier":{"name":"Zebedee \xff'), Buffer.from([0xff]), Buffer.from('"}}')]),
        }),
        400,
      ],
      [
        'a lone surrogate in a batch',
        salfordScreener({
          method: 'POST',
          url: '/v1/screenings/batch',
          headers: { ...json, 'idempotency-key': 'k1' },
          payload: '{"items":[{"supplier":{"name":"Zebedee Quartermaine","Wisteria\\ud800":1}}]}',
        }),
        400,
      ],
      ['an unknown id', salfordScreener({ method: 'GET', url: '/v1/screenings/Zebedee%20Quartermaine' }), 404],
      ['a forged cursor', salfordScreener({ method: 'GET', url: `/v1/screenings?cursor=${cursor}` }), 400],
      ['a bad date with a name search', salfordScreener({ method: 'GET', url: '/v1/screenings?q=Zebedee%20Quartermaine&from=1977-02-28' }), 400],
      ['an unknown route', salfordScreener({ method: 'GET', url: '/v1/people/Zebedee-Quartermaine/1977-02-28' }), 404],
      [
        'a bidi override in a note',
        salfordOfficer({ method: 'POST', url: '/v1/screenings/scr_missing/decisions', payload: { outcome: 'cleared', note: 'Zebedee \u202EQuartermaine' } }),
        400,
      ],
      [
        'a decision on an unknown screening',
        salfordOfficer({
          method: 'POST',
          url: '/v1/screenings/scr_missing/decisions',
          payload: { outcome: 'cleared', note: 'Zebedee Quartermaine, 17 Wisteria Lane' },
        }),
        404,
      ],
      [
        'an unsupported content type',
        salfordScreener({ method: 'POST', url: '/v1/screenings', headers: { 'content-type': 'text/zebedee' }, payload: 'Zebedee Quartermaine' }),
        415,
      ],
      [
        'a bad watchlist upload',
        gmp({ method: 'PUT', url: '/v1/watchlists/wl_missing/content', payload: { groups: [{ ref: 'X', name: 'Zebedee Quartermaine' }] } }),
        404,
      ],
      ['a bad token', ctx.app.inject({ method: 'GET', url: '/v1/screenings?q=Zebedee', headers: { authorization: 'Bearer Zebedee.Quartermaine.x' } }), 401],
    ]
    for (const [name, attempt, status] of attempts) t.equal((await attempt).statusCode, status, `${name}: ${status}`)

    for (const [path, sqlState] of [
      ['/test/db-error/params', '42P01'],
      ['/test/db-error/json', '22P02'],
    ] as const) {
      const failed = await ctx.app.inject({ method: 'POST', url: path, headers: { 'x-request-id': `req${path.replaceAll('/', '-')}` } })
      t.equal(failed.statusCode, 500, `${path}: a 500`)
      t.notOk(
        PERSONAL.some((value) => failed.body.includes(value)),
        `${path}: the 500 shows none of it`,
      )
      const logged = ctx.logs().find((l) => l.reqId === `req${path.replaceAll('/', '-')}` && l.level === 50)
      t.match(logged, { msg: 'request failed', code: 'INTERNAL', err: { type: String, code: sqlState } }, `${path}: logged with its request id and SQLSTATE`)
    }

    const lines = ctx.logs()
    t.ok(lines.length > attempts.length, `${lines.length} log lines captured`)
    for (const line of lines) {
      const text = JSON.stringify(line)
      const found = PERSONAL.filter((value) => text.includes(value))
      if (found.length) t.fail(`a log line holds ${found.join(', ')}: ${text.slice(0, 300)}`)
    }
    t.notOk(
      lines.some((l) => JSON.stringify(l).match(/"(params|where|query|detail)"/)),
      'no line carries a database error’s params, where, query or detail',
    )
  })
}
