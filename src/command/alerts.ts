// `bidscreen alerts [--status open] [--limit 50]` lists the authority's monitoring alerts;
// `bidscreen alerts ack ID` acknowledges one (officer).
import type { ApiClient } from './api-client.js'
import { writeLine, type CommandIo } from './command-io.js'
import { printTable } from './print-table.js'

export const ALERT_STATUSES = ['open', 'acknowledged', 'decided', 'closed'] as const

/** What the command shows of an alert (openapi.yaml Alert). */
interface Alert {
  id: string
  status: string
  band: string
  riskScore: number
  raisedAt: string
  groups: { ref: string }[]
  screening: { reference: string | null; supplierName: string }
  acknowledged: { by: string; at: string } | null
}

export interface AlertListOptions {
  status?: string | undefined
  limit?: number | undefined
  cursor?: string | undefined
  json?: boolean | undefined
}

export async function listAlerts(client: ApiClient, io: CommandIo, options: AlertListOptions): Promise<void> {
  const query = new URLSearchParams()
  if (options.status) query.set('status', options.status)
  if (options.limit !== undefined) query.set('limit', String(options.limit))
  if (options.cursor) query.set('cursor', options.cursor)
  const page = await client.expect<{ items: Alert[]; nextCursor: string | null }>(
    { method: 'GET', path: query.size ? `/v1/alerts?${query.toString()}` : '/v1/alerts' },
    'listing alerts',
  )
  if (options.json) {
    for (const alert of page.items) writeLine(io.stdout, JSON.stringify(alert))
  } else {
    printTable(
      io.stdout,
      ['id', 'status', 'band', 'score', 'raised', 'reference', 'supplier', 'groups'],
      page.items.map((a) => [
        a.id,
        a.status,
        a.band,
        a.riskScore,
        a.raisedAt,
        a.screening.reference ?? '',
        a.screening.supplierName,
        a.groups.map((g) => g.ref).join(' '),
      ]),
    )
    if (page.nextCursor) writeLine(io.stdout, `more: --cursor ${page.nextCursor}`)
  }
  // With --json, stdout holds alerts alone: the next page's cursor is in the log line.
  io.log.info({ alerts: page.items.length, nextCursor: page.nextCursor }, 'alerts listed')
}

export async function acknowledgeAlert(client: ApiClient, io: CommandIo, id: string): Promise<void> {
  // Acknowledging twice changes nothing, so a retry is safe.
  const alert = await client.expect<Alert>({ method: 'POST', path: `/v1/alerts/${encodeURIComponent(id)}/acknowledge`, retry: true }, `acknowledging ${id}`)
  writeLine(io.stdout, `${alert.id} ${alert.status}${alert.acknowledged ? ` by ${alert.acknowledged.by} at ${alert.acknowledged.at}` : ''}`)
}
