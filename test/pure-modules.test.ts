// The tests of the pure modules, src/matching and src/rules (no database, app, clock or process),
// run here in one process instead of one process per file: starting a test process (Node, tap,
// the TypeScript loader, the matcher's tables) costs about a second, more than most of these
// files take to run, and there are twenty of them. tap's `exclude` keeps it from running them a
// second time; each still runs alone when named: `npx tap test/matching/evidence.test.ts`.
import { readdirSync } from 'node:fs'

for (const folder of ['matching', 'rules']) {
  const directory = new URL(`./${folder}/`, import.meta.url)
  for (const name of readdirSync(directory).sort()) {
    // Each file's top-level `t.test` calls join this process's root test, in this order.
    if (name.endsWith('.test.ts')) await import(new URL(name, directory).href)
  }
}
