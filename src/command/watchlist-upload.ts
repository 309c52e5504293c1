// `bidscreen watchlist create NAME` and `bidscreen watchlist upload FILE --watchlist ID`: a force's
// watchlist, its content streamed from the file (PUT /v1/watchlists/{id}/content) with a progress
// bar on the bytes sent. A rejected upload prints every bad row the service reported.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable, Transform } from 'node:stream'
import { SingleBar } from 'cli-progress'
import { problemOf, type ApiClient } from './api-client.js'
import { ApiProblemError, CommandError, type Problem } from './command-error.js'
import { writeLine, type CommandIo } from './command-io.js'
import { printTable } from './print-table.js'

export type WatchlistFormat = 'csv' | 'json'

const CONTENT_TYPES: Record<WatchlistFormat, string> = { csv: 'text/csv', json: 'application/json' }

interface UploadResult {
  watchlistId: string
  version: number
  registerVersion: number
  created: boolean
  counts: { groups: number; entities: number }
}

export async function createWatchlist(client: ApiClient, io: CommandIo, options: { name: string; description?: string | undefined }): Promise<void> {
  const body = { name: options.name, ...(options.description === undefined ? {} : { description: options.description }) }
  // Not retried: a create sent twice would make two watchlists.
  const watchlist = await client.expect<{ id: string }>({ method: 'POST', path: '/v1/watchlists', json: body }, 'creating the watchlist')
  writeLine(io.stdout, watchlist.id)
  io.log.info({ watchlistId: watchlist.id }, 'watchlist created')
}

export function watchlistFormatOf(file: string, format: string | undefined): WatchlistFormat {
  const chosen = format ?? (/\.csv$/i.test(file) ? 'csv' : /\.json$/i.test(file) ? 'json' : undefined)
  if (chosen === 'csv' || chosen === 'json') return chosen
  throw new CommandError(`Cannot tell the format of ${file}: name it .csv or .json, or pass --format csv|json`)
}

/** Exit code 0 when the content is live (or identical to the live version), 1 when the service refused the rows. */
export async function uploadWatchlist(
  client: ApiClient,
  io: CommandIo,
  options: { file: string; watchlistId: string; format: WatchlistFormat },
): Promise<number> {
  const size = await stat(options.file).then(
    (s) => s.size,
    (error: { code?: string }) => {
      throw new CommandError(`Cannot read ${options.file} (${error.code ?? 'unreadable'})`)
    },
  )
  const bar = new SingleBar({ stream: io.stderr, format: 'uploading [{bar}] {percentage}% | {sent} of {size} | ETA {eta_formatted}', hideCursor: true })
  bar.start(size, 0, { sent: kilobytes(0), size: kilobytes(size) })
  let response
  try {
    response = await client.send({
      method: 'PUT',
      path: `/v1/watchlists/${encodeURIComponent(options.watchlistId)}/content`,
      // The whole content replaces the version: sending it again is safe, and a byte-identical
      // retry of a version that went live answers 200 and stores nothing.
      retry: true,
      body: () => {
        let sent = 0
        const counted = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            sent += chunk.length
            bar.update(sent, { sent: kilobytes(sent) })
            done(null, chunk)
          },
        })
        const stream = Readable.toWeb(createReadStream(options.file).pipe(counted)) as ReadableStream<Uint8Array>
        return { stream, contentType: CONTENT_TYPES[options.format], length: size }
      },
    })
  } finally {
    bar.stop()
  }
  if (response.status === 200 || response.status === 201) {
    const result = response.body as UploadResult
    const { groups, entities } = result.counts
    writeLine(
      io.stdout,
      result.created
        ? `version ${result.version} is live: ${groups} groups, ${entities} entities`
        : `identical to the live version ${result.version}: nothing changed`,
    )
    io.log.info({ watchlistId: result.watchlistId, version: result.version, registerVersion: result.registerVersion, created: result.created }, 'uploaded')
    return 0
  }
  const problem = problemOf(response.body)
  if (response.status !== 422 || !problem.errors) throw new ApiProblemError(response.status, problem, 'uploading the watchlist')
  printRowErrors(io, problem)
  io.log.error({ status: 422, totalErrors: problem.totalErrors ?? problem.errors.length }, 'upload refused: nothing changed')
  return 1
}

/** Each bad row as the service reported it, where it is (CSV row or JSON path) and what is wrong, then the total. */
function printRowErrors(io: CommandIo, problem: Problem): void {
  // In the file's order, whatever order the checks found them in (a group's field is checked last).
  const errors = [...(problem.errors ?? [])].sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
  printTable(
    io.stdout,
    ['row', 'column/field', 'code', 'message'],
    errors.map((e) => [e.row ?? '', e.column ?? e.field ?? '', e.code, e.message]),
  )
  const total = problem.totalErrors ?? errors.length
  writeLine(io.stdout, `${total} ${total === 1 ? 'error' : 'errors'}${total > errors.length ? ` (the first ${errors.length} shown)` : ''}: nothing changed`)
}

function kilobytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
