/**
 * The directory of public source data that a derive script (bench/lib/derive-*.ts) reads, given
 * on its command line. These scripts are maintenance tools, run by hand when a source changes:
 * their output is committed (src/matching/data, bench/data/pools), and neither the eval, the
 * benches nor the service run them or read their sources, so a clone needs nothing beside it.
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export function sourceDataDir(script: string): URL {
  const dir = process.argv[2]
  if (dir === undefined || dir.startsWith('-')) {
    console.error(`usage: npx tsx bench/lib/${script} <directory of the public source data, laid out as in its SOURCES.md>`)
    process.exit(2)
  }
  return pathToFileURL(`${resolve(dir)}/`)
}
