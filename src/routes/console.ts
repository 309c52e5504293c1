import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'

/**
 * The officer and police console: plain HTML, ES modules and CSS under src/console, served as they
 * are (no build step; `npm run build` copies them beside the compiled server, as it does the
 * matcher's data). The files hold no data: the page asks the `/v1` API for everything with the
 * token its user types in, so these routes are public and the API enforces roles.
 */
const CONSOLE_ROOT = fileURLToPath(new URL('../console/', import.meta.url))

export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  // The page's relative module and style links resolve against `/console/`, not `/`.
  app.get('/console', async (_request, reply) => reply.redirect('/console/', 301))
  // One wildcard route for every file (and index.html for `/console/`), so that adding a file adds no route.
  await app.register(fastifyStatic, { root: CONSOLE_ROOT, prefix: '/console/', wildcard: true, index: 'index.html' })
}
