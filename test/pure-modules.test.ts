// Every `*.pure.test.ts` file (pure code: no database, app or server process), wherever its
// folder, runs here in one process rather than with its folder (helpers/run-test-folder.ts says
// why a process per file costs too much). tap's `exclude` keeps the top-level one from running a
// second time; each still runs alone when named: `npx tap test/matching/evidence.pure.test.ts`.
import { runPureTests } from './helpers/run-test-folder.js'

await runPureTests()
