// tap starts one process per top-level test file (test/*.test.ts), and each runs a whole folder
// of test files through `runTestFolders`, or every pure one through `runPureTests`. A test process
// costs two to three seconds of CPU before its first test (Node, tap's and the TypeScript loader's
// module hooks, the app's modules, PGlite's WebAssembly); paid once per folder instead of once per
// file, the suite takes half the time.
// Every file still runs alone when named: `npx tap test/routes/screenings.test.ts`.
import { readdirSync } from 'node:fs'

const TEST_ROOT = new URL('../', import.meta.url)
const isPure = (name: string) => name.endsWith('.pure.test.ts')

/**
 * Imports every `*.test.ts` under the given folders of test/, in name order. `*.pure.test.ts`
 * files are left to `runPureTests`.
 */
export async function runTestFolders(...folders: string[]): Promise<void> {
  for (const folder of folders) {
    const imported = await importTestFiles(new URL(`${folder}/`, TEST_ROOT), (name) => name.endsWith('.test.ts') && !isPure(name))
    if (!imported) throw new Error(`no test file in test/${folder}/`)
  }
}

/** Imports every `*.pure.test.ts` (pure code: no database, app or server process) anywhere under test/. */
export async function runPureTests(): Promise<void> {
  await importTestFiles(TEST_ROOT, isPure)
}

/**
 * Imports the matching files under `directory`, in name order, so that their top-level `t.test`
 * calls join this process's root test in that order; returns how many there were.
 */
async function importTestFiles(directory: URL, include: (name: string) => boolean): Promise<number> {
  const files = readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter(include).sort()
  for (const name of files) await import(new URL(name, directory).href)
  return files.length
}
