import type { FastifyInstance } from 'fastify'
import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { Server as NetServer } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'

/**
 * Tracks the connections that have been accepted but have not yet begun a request. Node counts
 * such a connection as idle, and closing the server destroys idle connections at once: a client
 * whose request was already on its way would see it cut off. See `stopAccepting`.
 */
export function trackFreshConnections(server: Server): () => number {
  const fresh = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    fresh.add(socket)
    socket.once('close', () => fresh.delete(socket))
  })
  server.on('request', (request: { socket: Socket }) => fresh.delete(request.socket))
  return () => fresh.size
}

// How often the wait for fresh connections looks again: short against the grace it runs within.
const CHECK_MS = 20

/**
 * The first step of a graceful stop: closes the listening socket (new connections are refused)
 * without Node's destruction of idle connections, then waits, up to `limitMs`, until every
 * connection already accepted has begun its request or gone. The app's own close then finishes
 * the requests in flight and closes the connections that remain idle.
 */
export async function stopAccepting(server: Server, freshConnections: () => number, limitMs: number): Promise<void> {
  // net.Server's close: the http.Server override would also destroy the idle connections now.
  NetServer.prototype.close.call(server)
  const until = Date.now() + limitMs
  while (freshConnections() > 0 && Date.now() < until) await delay(CHECK_MS)
}

/**
 * Draining, the step before: once `begin` is called the process still serves, but says it is not
 * ready (a load balancer stops sending it traffic) and asks every client to close its connection,
 * for `drainMs`. Without it, requests a balancer sends at the moment the port closes are refused
 * or, if the kernel had already accepted their connection, reset. Call before the app is ready.
 */
export function drainBeforeStop(app: FastifyInstance): { begin: (drainMs: number) => Promise<void> } {
  let draining = false
  app.readinessChecks.set('shutdown', async () => {
    if (draining) throw new Error('stopping')
    return {}
  })
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close')
    done(null, payload)
  })
  return {
    async begin(drainMs) {
      draining = true
      if (drainMs > 0) await delay(drainMs)
    },
  }
}
