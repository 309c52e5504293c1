import t from 'tap'
import { isDatabaseUnavailable } from '../../src/db/database-unavailable.js'

// What counts as the database being away (503, retry) rather than a failed query (500).
const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code })

t.test('an outage: the server going down or refusing, a dropped or refused connection', async (t) => {
  for (const error of [
    coded('57P01', 'terminating connection due to administrator command'),
    coded('57P03', 'the database system is starting up'),
    coded('08006'),
    coded('53300', 'sorry, too many clients already'),
    coded('ECONNREFUSED'),
    coded('ECONNRESET'),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], ''),
    new Error('wrapped', { cause: coded('57P01') }),
  ]) {
    t.ok(isDatabaseUnavailable(error), `${(error as { code?: string }).code ?? error.message}`)
  }
})

t.test('not an outage: errors of the query or of the code', async (t) => {
  for (const error of [
    coded('23505', 'duplicate key'),
    coded('42P01', 'relation does not exist'),
    coded('22P02'),
    new TypeError('x is undefined'),
    'a string',
    undefined,
  ]) {
    t.notOk(isDatabaseUnavailable(error), String((error as { code?: string } | undefined)?.code ?? error))
  }
})
