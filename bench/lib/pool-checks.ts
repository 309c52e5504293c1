/**
 * Guards of the evaluation discipline (docs/design.md §4), run before every eval so a slip fails
 * loudly: the test pool shares no vocabulary with the dev pool (beyond the deliberate common-name
 * lists and the few words every UK register has), and nothing under src/matching reads bench
 * files, so no matcher table can be fed from a pool.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Pool } from './pools.js'

/** Lists whose words must not appear in the other split, however they are used there. */
function vocabulary(pool: Pool): Map<string, string> {
  const out = new Map<string, string>()
  const add = (list: string, words: readonly string[]): void => {
    for (const w of words) out.set(w.toLowerCase(), list)
  }
  add('givenNames', [...pool.givenNames.other, ...pool.givenNames.derived])
  add('surnames', [...pool.surnames.other, ...pool.surnames.derived])
  add(
    'nicknames',
    pool.nicknames.map(([formal, short]) => `${formal}/${short}`),
  )
  add('spellingFamilies', pool.spellingFamilies.flat())
  add(
    'crossScriptNames',
    pool.crossScriptNames.flatMap((n) => [n.native, n.latin]),
  )
  add('distinctiveWords', pool.distinctiveWords)
  add('trades', pool.trades)
  add('genericWords', pool.genericWords)
  add(
    'wordAbbreviations',
    Object.keys(pool.wordAbbreviations).filter((w) => w !== 'and'),
  )
  add('streetNames', pool.streetNames)
  add(
    'streetTypes',
    pool.streetTypes.map((t) => t.long).filter((t) => t !== 'Road' && t !== 'Street'),
  )
  add(
    'towns',
    pool.towns.map((t) => t.town),
  )
  add('buildingNames', pool.buildingNames)
  add('mailboxProviders', [...pool.mailboxProviders, ...pool.handListProviders])
  add('groupWords', pool.groupWords)
  add('groupNamePatterns', [...pool.groupNamePatterns, ...pool.groupAliasPatterns])
  return out
}

export function assertDisjointPools(dev: Pool, test: Pool): void {
  const a = vocabulary(dev)
  const shared = [...vocabulary(test)].filter(([w]) => a.has(w)).map(([w, list]) => `${w} (test ${list}, dev ${a.get(w) ?? ''})`)
  if (shared.length > 0) throw new Error(`the test pool shares vocabulary with dev: ${shared.join(', ')}`)
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

export function assertMatcherIndependent(): void {
  const root = fileURLToPath(new URL('../../src/matching/', import.meta.url))
  const offenders = sourceFiles(root).filter((file) => /bench\/|data\/pools/.test(readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '')))
  if (offenders.length > 0) throw new Error(`src/matching must not read bench files: ${offenders.join(', ')}`)
}
