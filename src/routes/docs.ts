import { readFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

export const OPENAPI_PATH = new URL('../../openapi.yaml', import.meta.url)

/** The contract: raw at `/openapi.yaml`, rendered at `/docs`. The document is written by hand. */
export async function docsRoutes(app: FastifyInstance): Promise<void> {
  const document = await readFile(OPENAPI_PATH, 'utf8')
  await app.register(swagger, { mode: 'static', specification: { document: (await import('yaml')).parse(document) } })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } })
  app.get('/openapi.yaml', async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(document))
}
