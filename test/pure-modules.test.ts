// Every `*.pure.test.ts` file (pure code: no database, app or server process) runs here, in one
// process, instead of in a process of its own: starting a test process (Node, tap, the TypeScript
// loader, the modules under test) costs about a second, more than most of these files take to
// run, and there are over thirty of them. tap's `exclude` keeps it from running them a second
// time; each still runs alone when named: `npx tap test/matching/evidence.pure.test.ts`.
import { readdirSync } from 'node:fs'

const root = new URL('./', import.meta.url)
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.pure.test.ts'))
  .sort()
// Each file's top-level `t.test` calls join this process's root test, in this order.
for (const name of files) await import(new URL(name, root).href)
