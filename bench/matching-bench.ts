// `npm run bench -- matching`: screening speed on a 100,000-entity synthetic register (about 30k
// companies, 50k people, 20k addresses) with 1,000 suppliers of typical shape (1 name, 2 trading
// names, 3 people, 2 addresses). Prints index build time, heap used, the process's RSS,
// per-supplier p50/p99, and a fuse.js full-scan baseline over the same names and addresses (on 3
// suppliers: a full scan takes about 15 s per supplier); the last line is one JSON object for
// tools. ENTITIES=1000000 builds a register ten times the size (same shape, ten entities a group);
// the fuse.js baseline is then skipped (a full scan would take minutes a supplier) unless FUSE=1.
import Fuse from 'fuse.js'
import { compileRegister, screenSupplier, type Supplier } from '../src/matching/index.js'
import { loadPool } from './lib/pools.js'
import { buildRegister } from './lib/synthetic-render.js'
import { SyntheticWorld } from './lib/synthetic-world.js'
import { typicalSupplier } from './lib/typical-supplier.js'

const SEED = 7
const ENTITIES = Number(process.env.ENTITIES ?? 100_000)
const GROUPS = Math.ceil(ENTITIES / 10)
const FUSE = process.env.FUSE === undefined ? ENTITIES <= 100_000 : process.env.FUSE === '1'
const SUPPLIERS = 1_000
const FUSE_SAMPLE = 3
const OWNERS = ['police_gmp', 'police_met', 'police_wmp', 'police_ps', 'police_lanc']

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc
  if (g !== undefined) g()
}

// The dev pools: the speed bench needs a realistic shape, not the frozen test vocabulary.
const pool = loadPool('dev')
const world = new SyntheticWorld(SEED, pool)
// One world draws unique names, numbers and postcodes from a finite vocabulary: beyond 10,000
// groups it runs out (ENTITIES=1000000 never finished generating). Larger registers join
// worlds of further seeds, 10,000 groups each; the default register is the first world alone.
const WORLD_GROUPS = 10_000
const worlds = Array.from({ length: Math.ceil(GROUPS / WORLD_GROUPS) }, (_, k) => (k === 0 ? world : new SyntheticWorld(SEED + k, pool)))
// 3 companies, 5 people, 2 addresses per group: 30k / 50k / 20k over 10,000 groups (for 100,000).
const groups = Array.from({ length: GROUPS }, (_, i) =>
  (worlds[Math.floor(i / WORLD_GROUPS)] as SyntheticWorld).group(i, OWNERS[i % OWNERS.length] as string, {
    companies: 3,
    people: 5,
    addresses: 2,
    contacts: false,
  }),
)
const input = buildRegister(groups)
const suppliers = Array.from({ length: SUPPLIERS }, (_, i) => typicalSupplier(world, groups, i % 5 === 0))

gc()
const heapBefore = process.memoryUsage().heapUsed
const buildStart = performance.now()
const register = compileRegister(input)
const buildMs = performance.now() - buildStart
gc()
const heapAfter = process.memoryUsage().heapUsed
const heapMb = heapAfter / 1024 / 1024
const rssMb = process.memoryUsage().rss / 1024 / 1024
console.log(
  `register: ${register.size} entities (${input.entities.filter((e) => e.type === 'company').length} companies, ${input.entities.filter((e) => e.type === 'person').length} people, ${input.entities.filter((e) => e.type === 'address').length} addresses) in ${groups.length} groups`,
)
console.log(
  `index build: ${buildMs.toFixed(0)} ms; heap used ${heapMb.toFixed(1)} MB (register index alone ≈ ${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MB); RSS ${rssMb.toFixed(0)} MB (input and index)`,
)

// An authority typically shares with most forces, not all: one owner stays out of scope.
const scope = { allowedOwners: new Set(OWNERS.slice(0, 4)) }
for (let k = 0; k < 200; k++) screenSupplier(register, suppliers[k % suppliers.length] as Supplier, scope)
const times: number[] = []
let flagged = 0
for (const supplier of suppliers) {
  const start = performance.now()
  const result = screenSupplier(register, supplier, scope)
  times.push(performance.now() - start)
  if (result.band === 'medium' || result.band === 'high') flagged++
}
times.sort((a, b) => a - b)
const p50 = percentile(times, 50)
const p99 = percentile(times, 99)
const mean = times.reduce((a, b) => a + b, 0) / times.length
console.log(
  `screening ${SUPPLIERS} suppliers: p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, mean ${mean.toFixed(3)} ms; ${flagged} flagged medium or high`,
)

// fuse.js baseline: every name and address of the register in one Fuse collection, each supplier
// value searched by full scan (Fuse has no index for fuzzy search), as docs/design.md §4 describes.
let fuseRatio = Number.NaN
if (FUSE) {
  const documents = input.entities.map((e) =>
    e.type === 'address' ? { text: [...(e.address.lines ?? []), e.address.town, e.address.postcode].join(' ') } : { text: 'name' in e ? e.name : e.value },
  )
  const fuse = new Fuse(documents, { keys: ['text'], threshold: 0.3, ignoreLocation: true })
  const fuseTimes: number[] = []
  for (const supplier of suppliers.slice(0, FUSE_SAMPLE)) {
    const queries = [
      supplier.name,
      ...(supplier.tradingNames ?? []),
      ...(supplier.people ?? []).map((p) => p.name),
      ...(supplier.addresses ?? []).map((a) => [...(a.lines ?? []), a.town, a.postcode].join(' ')),
    ]
    const start = performance.now()
    for (const q of queries) fuse.search(q, { limit: 10 })
    fuseTimes.push(performance.now() - start)
  }
  fuseTimes.sort((a, b) => a - b)
  const fuseP50 = percentile(fuseTimes, 50)
  fuseRatio = fuseP50 / p50
  console.log(`fuse.js full scan (${FUSE_SAMPLE} suppliers): p50 ${fuseP50.toFixed(1)} ms per supplier; Bidscreen is ${fuseRatio.toFixed(0)}× faster`)
} else {
  console.log('fuse.js baseline skipped (FUSE=1 to run it)')
}
console.log(`targets: p50 ≤ 1 ms, p99 ≤ 5 ms, build ≤ 2000 ms, heap ≤ 300 MB, ≥ 300× fuse.js`)
const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d
console.log(
  JSON.stringify({
    entities: register.size,
    p50Ms: round(p50, 3),
    p99Ms: round(p99, 3),
    buildMs: Math.round(buildMs),
    heapMb: round(heapMb, 1),
    rssMb: Math.round(rssMb),
    fuseRatio: Number.isNaN(fuseRatio) ? null : Math.round(fuseRatio),
  }),
)
