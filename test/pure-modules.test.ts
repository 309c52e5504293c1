// Every `*.pure.test.ts` file (pure code: no database, app or server process), wherever its
// folder, runs here in one process rather than with its folder (helpers/run-test-folder.ts says
// why a process per file costs too much). tap's `exclude` keeps the top-level one from running a
// second time; each still runs alone when named: `npx tap test/matching/evidence.pure.test.ts`.
import { readdirSync } from 'node:fs'

const root = new URL('./', import.meta.url)
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.pure.test.ts'))
  .sort()
// Each file's top-level `t.test` calls join this process's root test, in this order.
for (const name of files) await import(new URL(name, root).href)
