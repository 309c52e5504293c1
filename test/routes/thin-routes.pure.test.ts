import { readdirSync, readFileSync } from 'node:fs'
import t from 'tap'

// Routes parse, authorise, call one use case and reply: the database is the use cases' business.
const routesDir = new URL('../../src/routes/', import.meta.url)
const routes = readdirSync(routesDir).filter((name) => name.endsWith('.ts'))

t.ok(routes.length >= 7, `the route files are found (${routes.join(', ')})`)
for (const name of routes) {
  const source = readFileSync(new URL(name, routesDir), 'utf8')
  const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]!)
  t.same(
    imports.filter((path) => path.startsWith('../db/') || path === 'kysely'),
    [],
    `${name} imports nothing of the database`,
  )
  t.notMatch(source, /\.(selectFrom|insertInto|updateTable|deleteFrom|transaction)\(|\bsql`|\.db\b/, `${name} builds no query and holds no handle`)
}
