import { readFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { parse } from 'yaml'

export const OPENAPI_PATH = new URL('../../openapi.yaml', import.meta.url)

/** The contract: raw at `/openapi.yaml`, rendered at `/docs`. The document is written by hand. */
export async function docsRoutes(app: FastifyInstance): Promise<void> {
  const document = await readFile(OPENAPI_PATH, 'utf8')
  await app.register(swagger, { mode: 'static', specification: { document: parse(document) } })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { deepLinking: true },
    // The document's server is relative ("/"); the rendered page sends its requests to the host
    // it was loaded from, behind a proxy too (X-Forwarded-* when TRUST_PROXY is set).
    transformSpecification: (specification, request) => ({ ...specification, servers: [{ url: `${request.protocol}://${request.host}` }] }),
    transformSpecificationClone: false,
  })
  app.get('/openapi.yaml', async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(document))
}
