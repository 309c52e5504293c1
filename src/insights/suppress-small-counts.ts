/**
 * Small-count suppression of published tables (issue 16 point 3), after the cell-suppression
 * practice of statistical offices (ONS, "Statistical disclosure control", primary and secondary
 * suppression; Hundepool et al., "Statistical Disclosure Control", 2012, ch. 4):
 *
 * 1. Primary: a count of 1 to 4 is never shown; it reads `"<5"`. A zero is shown: it says that
 *    nobody is in the cell, which singles out no supplier, and hiding zeros would mostly hide that
 *    nothing was found. A hidden count is therefore known to be at least 1, and the check below
 *    takes that into account.
 * 2. Complementary: no hidden count may be worked out from the published numbers of its line (a
 *    row or column with its total): within each line, given what the reader knows of each hidden
 *    count (a primary one lies in 1..4, a complementary one is any count), every hidden count must
 *    still have at least two possible values. So a line never has exactly one hidden count, and
 *    two hidden `1`s, whose sum would give both away, take a third; where nothing is left to hide,
 *    a small count reads "withheld" instead, which no longer says it is below 5. In a table of rows and columns
 *    a hidden count must also not follow from several lines together, which happens exactly when
 *    it is a bridge of the graph whose nodes are the lines and whose edges are the hidden counts
 *    (its row and column equations then isolate it; a cycle of hidden counts leaves a free
 *    direction). Each repair hides the smallest count that helps, preferring a non-zero one (a
 *    hidden zero beside a hidden 1 gives the 1 away), and the loop repeats until nothing changes.
 * 3. Complementary counts read `"withheld"`, not `"<5"`: they are often large, and `"<5"` would
 *    misstate them. The grand total is withheld as a complement only when nothing else can
 *    protect its line (cells 4 and 4, total 8), so that the same total mostly reads the same in
 *    every breakdown it closes; `withholdTotal` lets a caller withhold it in all of them.
 * 4. A rate is published only when both its counts are (`publishedRate`).
 *
 * The rule protects one published table at a time. Totals of overlapping requests (two periods
 * one month apart) can still be differenced by a determined reader; the service limits that by
 * publishing periods of whole months only (see insights-use-cases.ts).
 */

/** Counts below this and above zero are never published. */
export const SMALL_COUNT_THRESHOLD = 5
export const SMALL_COUNT = '<5'
export const WITHHELD = 'withheld'

/** A count as published: the number, `"<5"` (1 to 4), or `"withheld"` (hidden to protect a small count beside it). */
export type PublishedCount = number | typeof SMALL_COUNT | typeof WITHHELD

/** Rows × columns of counts with their margins; margins left out are the sums. */
export interface CountTable {
  cells: number[][]
  rowTotals?: number[]
  columnTotals?: number[]
  total?: number
}

export interface PublishedTable {
  cells: PublishedCount[][]
  rowTotals: PublishedCount[]
  columnTotals: PublishedCount[]
  total: PublishedCount
}

export interface PublishedBreakdown {
  counts: PublishedCount[]
  total: PublishedCount
}

type Status = 'shown' | 'primary' | 'complementary'

/**
 * The entries of a table and its lines. A line says that its cells add up to its total; lines of
 * a breakdown in which one item counts in several cells (a screening under two CPV divisions) do
 * not quite, and are protected as if they did, which only ever hides more.
 */
interface Model {
  values: readonly number[]
  lines: readonly { cells: readonly number[]; total: number }[]
  /** Hidden as a complement only when nothing else is left to hide (the grand total). */
  fixed: ReadonlySet<number>
  /** For a table: the row node and the column node of each entry, for the bridge check. */
  nodes?: readonly (readonly [number, number])[]
}

// Decimal places of a published rate.
const RATE_DECIMALS = 3

const isSmall = (count: number) => count >= 1 && count < SMALL_COUNT_THRESHOLD

/** A count on its own, with no line to protect it within: only the primary rule applies. */
export function publishedCount(count: number): PublishedCount {
  return isSmall(count) ? SMALL_COUNT : count
}

/** `numerator / denominator`, or null when either count is hidden or the denominator is zero. */
export function publishedRate(numerator: PublishedCount, denominator: PublishedCount): number | null {
  if (typeof numerator !== 'number' || typeof denominator !== 'number' || denominator === 0) return null
  return Number((numerator / denominator).toFixed(RATE_DECIMALS))
}

/**
 * A one-dimensional breakdown and its total (by default the sum of its counts). `withholdTotal`
 * hides the total from the start: a caller publishing the same total in several breakdowns
 * passes it to all of them once any one had to withhold it.
 */
export function suppressBreakdown(counts: readonly number[], total: number = sum(counts), options: { withholdTotal?: boolean } = {}): PublishedBreakdown {
  const values = [...counts, total]
  const lines = [{ cells: counts.map((_, i) => i), total: counts.length }]
  const status = protect({ values, lines, fixed: new Set([counts.length]) }, options.withholdTotal ? [counts.length] : [])
  const published = values.map((v, i) => publish(v, status[i]!))
  return { counts: published.slice(0, counts.length), total: published[counts.length]! }
}

/** A table of rows and columns with row totals, column totals and the grand total. */
export function suppressTable(table: CountTable): PublishedTable {
  const rows = table.cells.length
  const columns = table.cells[0]?.length ?? 0
  if (table.cells.some((row) => row.length !== columns)) throw new RangeError('every row of a table must have as many cells')
  const rowTotals = table.rowTotals ?? table.cells.map(sum)
  const columnTotals = table.columnTotals ?? Array.from({ length: columns }, (_, j) => sum(table.cells.map((row) => row[j]!)))
  const total = table.total ?? sum(rowTotals)
  // The table with its margins, (rows + 1) × (columns + 1), flattened row by row.
  const full = [...table.cells.map((row, i) => [...row, rowTotals[i]!]), [...columnTotals, total]]
  const width = columns + 1
  const at = (i: number, j: number) => i * width + j
  const lines = [
    ...full.map((_, i) => ({ cells: Array.from({ length: columns }, (_, j) => at(i, j)), total: at(i, columns) })),
    ...Array.from({ length: width }, (_, j) => ({ cells: Array.from({ length: rows }, (_, i) => at(i, j)), total: at(rows, j) })),
  ]
  const nodes = full.flatMap((row, i) => row.map((_, j) => [i, rows + 1 + j] as const))
  const values = full.flat()
  const status = protect({ values, lines, fixed: new Set([at(rows, columns)]), nodes })
  const published = values.map((v, k) => publish(v, status[k]!))
  const row = (i: number) => published.slice(i * width, (i + 1) * width)
  return {
    cells: table.cells.map((_, i) => row(i).slice(0, columns)),
    rowTotals: table.cells.map((_, i) => row(i)[columns]!),
    columnTotals: row(rows).slice(0, columns),
    total: row(rows)[columns]!,
  }
}

function publish(value: number, status: Status): PublishedCount {
  return status === 'shown' ? value : status === 'primary' ? SMALL_COUNT : WITHHELD
}

function protect(model: Model, withheld: readonly number[] = []): Status[] {
  const status: Status[] = model.values.map((v) => (isSmall(v) ? 'primary' : 'shown'))
  for (const k of withheld) if (status[k] === 'shown') status[k] = 'complementary'
  // Weaknesses that no further hiding can repair (every other entry of the line already hidden,
  // or fixed), so that the loop ends; they arise only where a line does not add up.
  const givenUp = new Set<string>()
  for (;;) {
    const line = model.lines.findIndex((l, i) => !givenUp.has(`line ${i}`) && !lineIsSafe(model, status, l))
    if (line >= 0) {
      const { cells, total } = model.lines[line]!
      const pick = smallest(model, status, [...cells, total]) ?? widened(status, [total, ...cells])
      if (pick === undefined) givenUp.add(`line ${line}`)
      else status[pick] = 'complementary'
      continue
    }
    const bridge = model.nodes ? firstBridge(model.nodes, status, givenUp) : undefined
    if (bridge === undefined) return status
    const pick = smallest(model, status, bridge.joining) ?? smallest(model, status, bridge.beside)
    if (pick === undefined) givenUp.add(`bridge ${bridge.entry}`)
    else status[pick] = 'complementary'
  }
}

/**
 * The entry to hide next among `candidates`: the smallest shown one, a non-zero one first; ties go
 * to the first. A fixed entry only when nothing else is left (two cells of 4 and their total 8).
 */
function smallest(model: Model, status: readonly Status[], candidates: readonly number[]): number | undefined {
  let best: number | undefined
  const rank = (k: number) => (model.fixed.has(k) ? 2 * Number.MAX_SAFE_INTEGER : model.values[k] === 0 ? Number.MAX_SAFE_INTEGER : model.values[k]!)
  for (const k of candidates) {
    if (status[k] !== 'shown') continue
    if (best === undefined || rank(k) < rank(best)) best = k
  }
  return best
}

/**
 * With nothing left to hide in a line whose hidden counts are all small (four hidden 1s and their
 * hidden total 4: the total's bound gives all five away), one of them reads "withheld" rather
 * than "<5": the reader then no longer knows it is below 5. The line's total first.
 */
function widened(status: readonly Status[], candidates: readonly number[]): number | undefined {
  return candidates.find((k) => status[k] === 'primary')
}

/** What a reader knows of a hidden entry: primary ones lie in 1..4, complementary ones anywhere from 0. */
function rangeOf(status: Status): [number, number] {
  return status === 'primary' ? [1, SMALL_COUNT_THRESHOLD - 1] : [0, Number.POSITIVE_INFINITY]
}

/**
 * Whether every hidden entry of the line keeps at least two possible values, given the shown
 * entries and the ranges of the other hidden ones. The line reads Σ cells − total = 0.
 */
function lineIsSafe(model: Model, status: readonly Status[], line: Model['lines'][number]): boolean {
  const terms = [...line.cells.map((k) => ({ k, sign: 1 })), { k: line.total, sign: -1 }]
  const hidden = terms.filter((t) => status[t.k] !== 'shown')
  if (hidden.length === 0) return true
  // Σ over hidden of sign·x = rest.
  const rest = -sum(terms.filter((t) => status[t.k] === 'shown').map((t) => t.sign * model.values[t.k]!))
  return hidden.every((term) => {
    // sign·x = rest − Σ others sign·y: its least and greatest values over the others' ranges.
    let low = rest
    let high = rest
    for (const other of hidden) {
      if (other === term) continue
      const [lo, hi] = rangeOf(status[other.k]!)
      if (other.sign > 0) {
        low -= hi
        high -= lo
      } else {
        low += lo
        high += hi
      }
    }
    const [lo, hi] = rangeOf(status[term.k]!)
    const [from, to] = term.sign > 0 ? [low, high] : [-high, -low]
    return Math.min(hi, to) - Math.max(lo, from) >= 1
  })
}

/**
 * A hidden entry that no cycle of hidden entries passes through, if any: the row and column
 * equations then determine it. `joining` are the entries whose hiding would close a cycle
 * through it (a row on one side with a column on the other); `beside` those of its own lines.
 */
function firstBridge(
  nodes: readonly (readonly [number, number])[],
  status: readonly Status[],
  givenUp: ReadonlySet<string>,
): { entry: number; joining: number[]; beside: number[] } | undefined {
  const hidden = nodes.map((_, k) => k).filter((k) => status[k] !== 'shown')
  const edgesOf = new Map<number, number[]>()
  for (const k of hidden) for (const node of nodes[k]!) edgesOf.set(node, [...(edgesOf.get(node) ?? []), k])
  const reach = (start: number, without: number): Set<number> => {
    const seen = new Set([start])
    const queue = [start]
    while (queue.length) {
      const node = queue.pop()!
      for (const k of edgesOf.get(node) ?? []) {
        if (k === without) continue
        for (const next of nodes[k]!) {
          if (seen.has(next)) continue
          seen.add(next)
          queue.push(next)
        }
      }
    }
    return seen
  }
  for (const entry of hidden) {
    if (givenUp.has(`bridge ${entry}`)) continue
    const [row, column] = nodes[entry]!
    const side = reach(row, entry)
    if (side.has(column)) continue
    const other = reach(column, entry)
    const joining = nodes
      .map((_, k) => k)
      .filter((k) => {
        const [r, c] = nodes[k]!
        return k !== entry && ((side.has(r) && other.has(c)) || (other.has(r) && side.has(c)))
      })
    const beside = nodes.map((_, k) => k).filter((k) => k !== entry && (nodes[k]![0] === row || nodes[k]![1] === column))
    return { entry, joining, beside }
  }
  return undefined
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0)
}
