import { monotonicFactory } from 'ulid'

const nextUlid = monotonicFactory()

/** Time-ordered ids with a prefix that says what they name (`scr_01J…`), as in the API examples. */
export function newId(prefix: string): string {
  return `${prefix}_${nextUlid()}`
}
