// The test files of test/audit/, in one process (helpers/run-test-folder.ts says why).
import { runTestFolders } from './helpers/run-test-folder.js'

await runTestFolders('audit')
