import { setFlagsFromString } from 'node:v8'

/**
 * Caps how far V8's heap may grow past its live objects before the next collection
 * (HEAP_GROWING_PERCENT; 0, the default, leaves V8's choice). Left to itself V8 lets it grow up to
 * four times over when collections are cheap, and a service that allocates fast (hundreds of
 * screenings a second, an upload compiling) holds that garbage as resident memory:
 * `npm run bench -- soak` on PostgreSQL ran at 471-727 MB by minute with V8's choice and 326-362
 * MB at 25 %, with the same live objects and no errors. The price is collection work: screenings
 * during a 100,000-row upload had p99 93 ms with V8's choice and 189 ms at 25 % (bench/README.md).
 * The flag is read whenever V8 sets the heap's next limit, so setting it at start takes effect at
 * the first collection.
 */
export function setHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`)
}
