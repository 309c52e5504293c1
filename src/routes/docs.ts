import { readFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import swagger, { type StaticDocumentSpec } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { parse } from 'yaml'

export const OPENAPI_PATH = new URL('../../openapi.yaml', import.meta.url)

type OpenApiDocument = StaticDocumentSpec['document']

let contract: Promise<{ text: string; document: OpenApiDocument }> | undefined

/** openapi.yaml as written and as parsed, read once per process (parsing it takes ~0.1 s). */
export function loadOpenApi(): Promise<{ text: string; document: Readonly<OpenApiDocument> }> {
  contract ??= readFile(OPENAPI_PATH, 'utf8').then((text) => ({ text, document: parse(text) as OpenApiDocument }))
  return contract
}

/** The contract: raw at `/openapi.yaml`, rendered at `/docs`. The document is written by hand. */
export async function docsRoutes(app: FastifyInstance): Promise<void> {
  const { text, document } = await loadOpenApi()
  // A copy: @fastify/swagger owns what it is given, and the parsed document is shared.
  await app.register(swagger, { mode: 'static', specification: { document: structuredClone(document) } })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { deepLinking: true },
    // The document's server is relative ("/"); the rendered page sends its requests to the host
    // it was loaded from, behind a proxy too (X-Forwarded-* when TRUST_PROXY is set).
    transformSpecification: (specification, request) => ({ ...specification, servers: [{ url: `${request.protocol}://${request.host}` }] }),
    transformSpecificationClone: false,
  })
  app.get('/openapi.yaml', async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(text))
}
