import { setTimeout as delay } from 'node:timers/promises'

/**
 * Waits for `probe` to return a value, checking every 10 ms, for at most `limitMs` (a generous
 * bound on a condition, not a timing: on a busy machine background work is slow, not wrong).
 * Returns the value, or undefined when the bound passed; the caller's assertion then fails.
 */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, limitMs = 60_000): Promise<T | undefined> {
  const until = Date.now() + limitMs
  for (;;) {
    const value = await probe()
    if (value !== undefined || Date.now() > until) return value
    await delay(10)
  }
}
