// What `bidscreen screen` has done so far, kept beside its results file (RESULTS.csv.progress) so
// that a run interrupted by Ctrl-C, a lost connection or a crash carries on where it stopped.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { CommandError } from './command-error.js'

export const BANDS = ['high', 'medium', 'low', 'none'] as const
export type BandCounts = Record<(typeof BANDS)[number] | 'failed', number>

export interface ScreeningProgress {
  version: 1
  /** The input the batches were cut from: another file (or the same one edited) cannot resume them. */
  input: { sha256: string; size: number }
  batchSize: number
  run: string
  /** Batches 0 … nextBatch - 1 are in the results file, which was `outputBytes` long after the last. */
  nextBatch: number
  outputBytes: number
  suppliers: number
  counts: BandCounts
}

export function progressPathOf(out: string): string {
  return `${out}.progress`
}

export async function fileIdentity(file: string): Promise<ScreeningProgress['input']> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    size += chunk.length
  }
  return { sha256: hash.digest('hex'), size }
}

export async function readProgress(path: string): Promise<ScreeningProgress | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const progress = JSON.parse(text) as ScreeningProgress
    if (progress.version === 1) return progress
  } catch {
    // said below
  }
  throw new CommandError(`${path} is not a progress file this command wrote: delete it and the results file to start afresh`)
}

/** Replaces the file whole (a new file renamed over it), so that a crash leaves the old or the new. */
export async function writeProgress(path: string, progress: ScreeningProgress): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, `${JSON.stringify(progress)}\n`, { flush: true })
  await rename(temporary, path)
}
