/**
 * Sends the same kind of statement for many concurrent requests as one ("group commit"). Under
 * load a database round trip costs far more than the rows it carries: each write to the server's
 * socket wakes another process, and each commit flushes the WAL. Requests submitted in the same
 * turn of the event loop, or while earlier batches are in flight, go together in one statement;
 * a lone request goes at the end of its turn, so an idle service adds no wait.
 *
 * `run` gets the inputs in order and returns one output per input. When a batch of several fails,
 * each input is run again on its own, so that one bad input fails only its own request.
 */
export interface BatcherOptions {
  /** Most inputs in one statement (bounds its parameters and the rows it locks). */
  readonly maxBatch: number
  /** Statements in flight at once; later inputs queue and go together when one finishes. */
  readonly maxInFlight: number
}

interface Pending<I, O> {
  readonly input: I
  readonly resolve: (output: O) => void
  readonly reject: (error: unknown) => void
}

export class ConcurrentBatcher<I, O> {
  private queue: Pending<I, O>[] = []
  private inFlight = 0
  private scheduled = false

  constructor(
    private readonly run: (inputs: readonly I[]) => Promise<readonly O[]>,
    private readonly options: BatcherOptions,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject })
      if (!this.scheduled) {
        this.scheduled = true
        // After the I/O callbacks of this turn: requests read together are sent together.
        setImmediate(() => {
          this.scheduled = false
          this.dispatch()
        })
      }
    })
  }

  private dispatch(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch)
      this.inFlight++
      void this.send(batch).finally(() => {
        this.inFlight--
        this.dispatch()
      })
    }
  }

  private async send(batch: readonly Pending<I, O>[]): Promise<void> {
    try {
      const outputs = await this.run(batch.map((p) => p.input))
      batch.forEach((p, i) => p.resolve(outputs[i] as O))
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error)
        return
      }
      await Promise.all(
        batch.map(async (p) => {
          try {
            p.resolve((await this.run([p.input]))[0] as O)
          } catch (own) {
            p.reject(own)
          }
        }),
      )
    }
  }
}
