const EMPTY: readonly never[] = Object.freeze([])

/**
 * The list at its own length, to keep in a compiled register. An array grown by push or unshift
 * keeps spare room (17 slots after its first push, about 150 bytes for a list of one), and a
 * register holds several such lists per entity: at a million entities the spare room alone was
 * hundreds of MB. Empty lists share one frozen array.
 */
export function exactList<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? EMPTY : list.slice()
}
