// `bidscreen screen SUPPLIERS.csv|.jsonl --out RESULTS.csv`: screens an authority's whole supplier
// base through POST /v1/screenings/batch, resumably. Each batch's Idempotency-Key is made of the
// input file's content hash and the batch's place in it, so that a batch sent again (after a lost
// answer, a crash, or a run started afresh) gets the stored answer back and nothing is screened twice.
import { open, stat, truncate } from 'node:fs/promises'
import { SingleBar } from 'cli-progress'
import { problemOf, type ApiClient } from './api-client.js'
import { ApiProblemError, CommandError } from './command-error.js'
import { writeLine, type CommandIo } from './command-io.js'
import { printTable } from './print-table.js'
import { countRow, resultRow, resultsHeader, resultsRows, type BatchResult } from './screening-results.js'
import { BANDS, fileIdentity, progressPathOf, readProgress, writeProgress, type BandCounts, type ScreeningProgress } from './screening-progress.js'
import { readSuppliers, type SupplierFormat, type SupplierRecord } from './supplier-input.js'

export const DEFAULT_BATCH_SIZE = 200
export const MAX_BATCH_SIZE = 1000

export interface ScreenOptions {
  input: string
  format: SupplierFormat
  out: string
  batchSize: number
  /** Mixed into each Idempotency-Key: a new one screens the same file afresh within the service's idempotency period. */
  run: string
  /** Stops after this many batches in this run (a resumable part of a long screening). */
  maxBatches?: number | undefined
}

export interface ScreenOutcome {
  complete: boolean
  interrupted: boolean
  total: number
  counts: BandCounts
  batchesSent: number
  batchesReplayed: number
}

export async function screenSuppliers(client: ApiClient, io: CommandIo, options: ScreenOptions): Promise<ScreenOutcome> {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > MAX_BATCH_SIZE) {
    throw new CommandError(`--batch-size must be 1 to ${MAX_BATCH_SIZE}`)
  }
  if (!/^[\x21-\x7e]{0,60}$/.test(options.run)) throw new CommandError('--run must be up to 60 visible ASCII characters')
  const input = await fileIdentity(options.input).catch((error: unknown) => {
    throw new CommandError(`Cannot read ${options.input} (${(error as { code?: string }).code ?? 'unreadable'})`)
  })
  const progressPath = progressPathOf(options.out)
  const progress = await resumeOrStart(progressPath, options, input)
  const total = await countSuppliers(options)
  const keyOf = (batch: number) => ['bidscreen', options.run, input.sha256.slice(0, 40), options.batchSize, batch].filter((p) => p !== '').join('-')
  if (progress.nextBatch > 0) io.log.info({ batches: progress.nextBatch, suppliers: progress.suppliers }, 'resuming after the batches already done')

  const bar = new SingleBar({
    stream: io.stderr,
    format: 'screening [{bar}] {percentage}% | {value}/{total} suppliers | {rate}/s | ETA {eta_formatted}',
    etaBuffer: 50,
    hideCursor: true,
  })
  const started = { at: Date.now(), suppliers: progress.suppliers }
  const rate = () => Math.round(((progress.suppliers - started.suppliers) * 1000) / Math.max(Date.now() - started.at, 1))
  bar.start(total, progress.suppliers, { rate: 0 })

  const outcome = { complete: false, interrupted: false, total, counts: progress.counts, batchesSent: 0, batchesReplayed: 0 }
  try {
    for await (const { index, records } of batchesOf(readSuppliers(options.input, options.format), options.batchSize)) {
      if (index < progress.nextBatch) continue
      if (options.maxBatches !== undefined && outcome.batchesSent >= options.maxBatches) break
      if (io.signal?.aborted) break
      const { results, replayed } = await sendBatch(client, records, keyOf(index))
      const rows = records.map((record, i) => resultRow(record, results[i]))
      progress.outputBytes = await appendResults(options.out, resultsRows(rows))
      for (const row of rows) countRow(progress.counts, row)
      progress.nextBatch = index + 1
      progress.suppliers += records.length
      await writeProgress(progressPath, progress)
      outcome.batchesSent++
      if (replayed) outcome.batchesReplayed++
      bar.update(progress.suppliers, { rate: rate() })
    }
  } catch (error) {
    if (!io.signal?.aborted) throw error
  } finally {
    bar.stop()
  }
  outcome.interrupted = io.signal?.aborted ?? false
  outcome.complete = progress.suppliers >= total
  printSummary(io, outcome)
  return outcome
}

/** The progress of an interrupted run of this very command, with its results file cut back to match; or a fresh start. */
async function resumeOrStart(path: string, options: ScreenOptions, input: ScreeningProgress['input']): Promise<ScreeningProgress> {
  const found = await readProgress(path)
  const outputSize = await stat(options.out).then(
    (s) => s.size,
    () => undefined,
  )
  const startAfresh = `delete ${options.out} and ${path} to start afresh`
  if (found) {
    if (found.input.sha256 !== input.sha256 || found.batchSize !== options.batchSize || found.run !== options.run) {
      throw new CommandError(`${path} records a run over another input, --batch-size or --run: ${startAfresh}`)
    }
    if (outputSize === undefined || outputSize < found.outputBytes) throw new CommandError(`${options.out} is shorter than ${path} records: ${startAfresh}`)
    // Rows appended after the last recorded batch (a crash between the two writes) are sent again.
    await truncate(options.out, found.outputBytes)
    return found
  }
  if (outputSize) throw new CommandError(`${options.out} already exists and no progress file says how far it got: choose another --out, or delete it`)
  const header = resultsHeader()
  const counts = { high: 0, medium: 0, low: 0, none: 0, failed: 0 }
  const progress: ScreeningProgress = { version: 1, input, batchSize: options.batchSize, run: options.run, nextBatch: 0, outputBytes: 0, suppliers: 0, counts }
  progress.outputBytes = await appendResults(options.out, header)
  await writeProgress(path, progress)
  return progress
}

async function countSuppliers(options: ScreenOptions): Promise<number> {
  let count = 0
  for await (const _ of readSuppliers(options.input, options.format)) count++
  return count
}

async function* batchesOf(records: AsyncIterable<SupplierRecord>, size: number): AsyncGenerator<{ index: number; records: SupplierRecord[] }> {
  let batch: SupplierRecord[] = []
  let index = 0
  for await (const record of records) {
    batch.push(record)
    if (batch.length === size) {
      yield { index: index++, records: batch }
      batch = []
    }
  }
  if (batch.length) yield { index, records: batch }
}

/** The batch's results, one per record (undefined for a record that could not be sent). */
async function sendBatch(
  client: ApiClient,
  records: readonly SupplierRecord[],
  key: string,
): Promise<{ results: (BatchResult | undefined)[]; replayed: boolean }> {
  const sent = records.flatMap((record, i) => (record.error === undefined ? [i] : []))
  if (!sent.length) return { results: [], replayed: false }
  const response = await client.send({
    method: 'POST',
    path: '/v1/screenings/batch',
    json: { items: sent.map((i) => records[i]!.request) },
    headers: { 'idempotency-key': key },
    retry: true,
  })
  if (response.status !== 200) {
    const error = new ApiProblemError(response.status, problemOf(response.body), 'screening a batch')
    if (error.problem.code === 'IDEMPOTENCY_KEY_REUSED') {
      throw new CommandError(`${error.message} (another request used this batch's key: pass a new --run to screen this file afresh)`)
    }
    throw error
  }
  const body = response.body as { results: BatchResult[] }
  const results: (BatchResult | undefined)[] = []
  for (const result of body.results) results[sent[result.index]!] = result
  return { results, replayed: response.headers.get('idempotent-replayed') === 'true' }
}

/** Appends and flushes the rows; returns the file's length after them. */
async function appendResults(path: string, text: string): Promise<number> {
  const file = await open(path, 'a')
  try {
    await file.write(text)
    await file.datasync()
    return (await file.stat()).size
  } finally {
    await file.close()
  }
}

function printSummary(io: CommandIo, outcome: ScreenOutcome): void {
  const { counts } = outcome
  printTable(io.stdout, ['band', 'suppliers'], [...BANDS.map((band) => [band, counts[band]] as const), ['failed', counts.failed]])
  const done = BANDS.reduce((sum, band) => sum + counts[band], counts.failed)
  writeLine(io.stdout, `${done} of ${outcome.total} suppliers screened`)
  // Counts only: which supplier fell in which band is in the results file, not the log.
  const summary = { ...counts, total: outcome.total, batchesSent: outcome.batchesSent, batchesReplayed: outcome.batchesReplayed }
  if (outcome.complete) io.log.info(summary, 'screening complete')
  else io.log.warn(summary, outcome.interrupted ? 'interrupted: run the same command again to resume' : 'stopped early: run the same command again to resume')
}
