// The test files of test/tenders/, in one process (helpers/run-test-folder.ts says why).
import { runTestFolders } from './helpers/run-test-folder.js'

await runTestFolders('tenders')
