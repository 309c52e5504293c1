import { setFlagsFromString } from 'node:v8'

/**
 * Caps how far V8's heap may grow past its live objects before the next collection
 * (HEAP_GROWING_PERCENT; 0, the default, leaves V8's choice). Left to itself V8 lets it grow up to
 * four times over when collections are cheap, and a service that allocates fast (hundreds of
 * screenings a second, an upload compiling) holds that garbage as resident memory. In one soak
 * (`npm run bench -- soak`, PostgreSQL) 25 % about halved resident memory with the same live
 * objects; the price is collection work (screening p99 during a 100,000-row upload about
 * doubled). The figures, and how they changed since, are in bench/README.md.
 * The flag is read whenever V8 sets the heap's next limit, so setting it at start takes effect at
 * the first collection.
 */
export function setHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`)
}
