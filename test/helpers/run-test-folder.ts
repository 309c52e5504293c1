// tap starts one process per top-level test file (test/*.test.ts), and each runs a whole folder
// of test files through `runTestFolders`. A test process costs two to three seconds of CPU before
// its first test (Node, tap's and the TypeScript loader's module hooks, the app's modules, PGlite's
// WebAssembly); paid once per folder instead of once per file, the suite takes half the time.
// Every file still runs alone when named: `npx tap test/routes/screenings.test.ts`.
import { readdirSync } from 'node:fs'

/**
 * Imports every `*.test.ts` under the given folders of test/, in name order, so that their
 * top-level `t.test` calls join this process's root test. `*.pure.test.ts` files are left to
 * test/pure-modules.test.ts.
 */
export async function runTestFolders(...folders: string[]): Promise<void> {
  for (const folder of folders) {
    const directory = new URL(`../${folder}/`, import.meta.url)
    const files = readdirSync(directory, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.test.ts') && !name.endsWith('.pure.test.ts'))
      .sort()
    if (!files.length) throw new Error(`no test file in test/${folder}/`)
    for (const name of files) await import(new URL(name, directory).href)
  }
}
