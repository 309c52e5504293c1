import t from 'tap'
import { ConcurrentBatcher } from '../../src/db/concurrent-batcher.js'

/** A statement runner that records each batch it gets and answers after a turn of the event loop. */
function recordingRunner(fail: (input: number) => boolean = () => false) {
  const batches: number[][] = []
  const run = async (inputs: readonly number[]) => {
    batches.push([...inputs])
    await new Promise((resolve) => setImmediate(resolve))
    if (inputs.some(fail)) throw new Error(`bad input in ${inputs.join(',')}`)
    return inputs.map((n) => n * 10)
  }
  return { batches, run }
}

t.test('inputs submitted together go in one batch, in order, each getting its own output', async (t) => {
  const { batches, run } = recordingRunner()
  const batcher = new ConcurrentBatcher(run, { maxBatch: 100, maxInFlight: 1 })
  const outputs = await Promise.all([1, 2, 3, 4].map((n) => batcher.submit(n)))
  t.same(outputs, [10, 20, 30, 40])
  t.same(batches, [[1, 2, 3, 4]])
})

t.test('a lone input goes by itself; inputs arriving while a batch is in flight wait and go together', async (t) => {
  const { batches, run } = recordingRunner()
  const batcher = new ConcurrentBatcher(run, { maxBatch: 100, maxInFlight: 1 })
  const first = batcher.submit(1)
  await new Promise((resolve) => setImmediate(resolve))
  const later = [2, 3, 4].map((n) => batcher.submit(n))
  t.same(await Promise.all([first, ...later]), [10, 20, 30, 40])
  t.same(batches, [[1], [2, 3, 4]])
})

t.test('batches are capped at maxBatch, and up to maxInFlight go at once', async (t) => {
  const { batches, run } = recordingRunner()
  const batcher = new ConcurrentBatcher(run, { maxBatch: 2, maxInFlight: 2 })
  t.same(await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(n))), [10, 20, 30, 40, 50])
  t.same(batches, [[1, 2], [3, 4], [5]])
})

t.test('when a batch fails, each input is retried alone: only the bad one fails', async (t) => {
  const { batches, run } = recordingRunner((n) => n === 3)
  const batcher = new ConcurrentBatcher(run, { maxBatch: 100, maxInFlight: 1 })
  const results = await Promise.allSettled([1, 2, 3, 4].map((n) => batcher.submit(n)))
  t.same(
    results.map((r) => r.status),
    ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
  )
  t.same((results[3] as PromiseFulfilledResult<number>).value, 40)
  t.match((results[2] as PromiseRejectedResult).reason, { message: 'bad input in 3' }, 'the error is the bad input’s own')
  t.same(batches, [[1, 2, 3, 4], [1], [2], [3], [4]])
})
