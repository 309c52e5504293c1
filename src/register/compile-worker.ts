/**
 * The worker thread that compiles the register, off the main thread's event loop. It keeps the
 * register's parts (by watchlist) as the main thread sends them, and answers a compile request
 * with the compiled register as a stream of chunks (./object-graph-codec.ts) that the main
 * thread pulls one at a time, rebuilding each between screenings. The main thread ends the
 * worker once the register is across, to give its memory back (./register-compiler.ts).
 */
import { parentPort } from 'node:worker_threads'
import { compileRegister, type RegisterEntity, type RegisterGroup } from '../matching/index.js'
import { encodeGraph, prototypesIn, type GraphChunk } from './object-graph-codec.js'
import type { CompilerRequest, CompilerResponse } from './register-compiler.js'

const port = parentPort
if (!port) throw new Error('compile-worker.ts runs as a worker thread only')

const parts = new Map<string, { groups: RegisterGroup[]; entities: RegisterEntity[] }>()
const prototypes = prototypesIn(compileRegister({ version: 0, groups: [], entities: [] }))
let stream: Iterator<GraphChunk, void> | undefined
// The chunk after the one sent, read ahead so that the last one says it is the last.
let ahead: IteratorResult<GraphChunk, void> | undefined

function reply(message: CompilerResponse, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer)
}

port.on('message', (request: CompilerRequest) => {
  try {
    switch (request.type) {
      case 'part': {
        const part = request.first ? { groups: request.groups, entities: [] as RegisterEntity[] } : parts.get(request.watchlistId)
        if (!part) throw new Error('part continued before it was started')
        for (const entity of request.entities) part.entities.push(entity)
        parts.set(request.watchlistId, part)
        break
      }
      case 'drop':
        parts.delete(request.watchlistId)
        break
      case 'compile': {
        const groups = [...parts.values()].flatMap((p) => p.groups)
        const entities = [...parts.values()].flatMap((p) => p.entities)
        const started = performance.now()
        stream = encodeGraph(compileRegister({ version: request.version, groups, entities }), prototypes)
        ahead = stream.next()
        reply({ type: 'compiled', compileMs: Math.round(performance.now() - started) })
        break
      }
      case 'next': {
        if (!stream || !ahead || ahead.done) throw new Error('no compiled register to send')
        const chunk = ahead.value
        ahead = stream.next()
        if (ahead.done) stream = ahead = undefined
        reply({ type: 'chunk', chunk, last: stream === undefined }, [chunk.code.buffer as ArrayBuffer])
        break
      }
    }
  } catch (error) {
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) })
  }
})
