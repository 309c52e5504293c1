// `npm run bench -- NAME`: runs bench/NAME-bench.ts (or bench/NAME.ts). Each benchmark prints
// its figures and, as its last line, one JSON object so that tools can read the result.
const name = process.argv[2]
const known = ['matching', 'upload', 'http', 'upload-under-load', 'million-rows', 'soak', 'monitoring', 'tender']
if (!name || !known.includes(name)) {
  console.error(`usage: npm run bench -- <${known.join('|')}>`)
  process.exit(2)
}
await import(['upload-under-load', 'million-rows', 'soak', 'monitoring'].includes(name) ? `./${name}.ts` : `./${name}-bench.ts`)
