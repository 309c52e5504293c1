import fc from 'fast-check'
import t from 'tap'
import {
  publishedCount,
  publishedRate,
  suppressBreakdown,
  suppressTable,
  type PublishedCount,
  type PublishedTable,
} from '../../src/insights/suppress-small-counts.js'

const S = '<5'
const W = 'withheld'

t.test('a breakdown: 1..4 read "<5", a lone hidden count takes the next-smallest non-zero beside it', async (t) => {
  const cases: { name: string; counts: number[]; total?: number; expected: PublishedCount[]; total_: PublishedCount }[] = [
    { name: 'nothing small', counts: [12, 7, 30], expected: [12, 7, 30], total_: 49 },
    { name: 'zeros are shown', counts: [0, 9, 0, 6], expected: [0, 9, 0, 6], total_: 15 },
    { name: 'one small count hides the smallest other', counts: [20, 3, 9, 11], expected: [20, S, W, 11], total_: 43 },
    { name: 'a zero is passed over for a non-zero complement', counts: [3, 0, 40, 8], expected: [S, 0, 40, W], total_: 51 },
    { name: 'two small counts protect each other', counts: [2, 3, 40], expected: [S, S, 40], total_: 45 },
    // Hidden 1 + 1 = 2 would give both away: a third is hidden.
    { name: 'two hidden ones take a third', counts: [1, 1, 40, 9], expected: [S, S, 40, W], total_: 51 },
    { name: 'two hidden fours take a third', counts: [4, 4, 40, 9], expected: [S, S, 40, W], total_: 57 },
    { name: 'a small total is hidden, its cells too', counts: [3, 0, 0], expected: [S, 0, 0], total_: S },
    { name: 'only zeros are left to hide beside one small count', counts: [3, 0, 5], expected: [S, 0, W], total_: 8 },
    { name: 'empty', counts: [], expected: [], total_: 0 },
    // Nothing but the total is left to hide: 4 + 4 = 8 would give both away.
    { name: 'two fours alone withhold their total', counts: [4, 4], expected: [S, S], total_: W },
  ]
  for (const c of cases) {
    const out = suppressBreakdown(c.counts, c.total)
    t.same(out, { counts: c.expected, total: c.total_ }, c.name)
  }
})

t.test('a breakdown whose items count in several cells is protected as if it added up', async (t) => {
  // 12 screenings, one under two CPV divisions: the cells add up to 13.
  t.same(suppressBreakdown([9, 4], 12), { counts: [W, S], total: 12 }, 'the small cell is not left alone')
})

t.test('a table: rows and columns and margins, each line with no lone hidden count', async (t) => {
  const table = suppressTable({
    cells: [
      [20, 3, 15],
      [10, 12, 9],
      [8, 30, 11],
    ],
  })
  t.same(table.cells[0], [20, S, W], 'row 1: the 3 and the row’s next-smallest')
  t.ok(
    linesOf(table).every((line) => line.filter(isHidden).length !== 1),
    'no line has exactly one hidden count',
  )
  t.equal(table.total, 118, 'the grand total is shown')
  t.same(
    determined(
      tableSystem(
        [
          [20, 3, 15],
          [10, 12, 9],
          [8, 30, 11],
        ],
        table,
      ),
    ),
    [],
    'no hidden count follows from the equations',
  )
})

t.test('a table in which two rectangles of hidden counts are joined by a bridge gets the bridge closed', async (t) => {
  // Small counts at (0,0),(0,1),(1,0),(1,1) and (2,2),(2,3),(3,2),(3,3) form two cycles; the 2 at
  // (0,2) would join them by a bridge, determined by the row and column equations.
  const cells = [
    [2, 3, 2, 40],
    [3, 2, 50, 60],
    [70, 80, 2, 3],
    [90, 20, 3, 2],
  ]
  const table = suppressTable({ cells })
  t.same(determined(tableSystem(cells, table)), [], 'no hidden count follows from the equations')
})

t.test('a total withheld on request is protected by hiding cells beside it', async (t) => {
  t.same(suppressBreakdown([20, 9, 30], undefined, { withholdTotal: true }), { counts: [20, W, 30], total: W }, 'the total alone would be their sum')
})

t.test('rates are published only from published counts', async (t) => {
  t.equal(publishedRate(5, 20), 0.25)
  t.equal(publishedRate(1, 3), 0.333)
  t.equal(publishedRate(S, 20), null, 'a hidden numerator')
  t.equal(publishedRate(6, W), null, 'a hidden denominator')
  t.equal(publishedRate(0, 0), null, 'no denominator')
  t.equal(publishedCount(4), S)
  t.equal(publishedCount(0), 0)
  t.equal(publishedCount(5), 5)
})

// Property tests: random tables, the published result held to the rules by checks written apart
// from the algorithm (interval reasoning per line; linear algebra over the whole table).
const count = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 60 }) })

t.test('property: a breakdown never shows a count of 1..4, and no hidden count can be worked out from its total', async (t) => {
  fc.assert(
    fc.property(fc.array(count, { maxLength: 12 }), (counts) => {
      const out = suppressBreakdown(counts)
      const total = counts.reduce((a, b) => a + b, 0)
      const published = [...out.counts, out.total]
      const values = [...counts, total]
      published.forEach((p, i) => {
        if (typeof p === 'number' && p !== values[i]) throw new Error(`shown ${p} for ${values[i]}`)
        if (typeof p === 'number' && p > 0 && p < 5) throw new Error(`shown ${p}`)
        if (p === S && !(values[i]! >= 1 && values[i]! <= 4)) throw new Error(`"<5" for ${values[i]}`)
      })
      // Within the one line, by subtraction: each hidden count has at least two possible values.
      const pinned = pinnedInLine(values, published)
      if (pinned.length) throw new Error(`derivable: ${pinned.join(', ')} of ${JSON.stringify(counts)} → ${JSON.stringify(published)}`)
    }),
    { numRuns: 2000 },
  )
  t.pass('2,000 random breakdowns')
})

t.test('property: a table never shows 1..4, no hidden count is alone in its row or column, none follows from the equations', async (t) => {
  const tables = fc
    .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
    .chain(([rows, columns]) => fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }))
  fc.assert(
    fc.property(tables, (cells) => {
      const table = suppressTable({ cells })
      const full = withMargins(cells)
      const published = [...table.cells.map((row, i) => [...row, table.rowTotals[i]!]), [...table.columnTotals, table.total]]
      full.forEach((row, i) =>
        row.forEach((v, j) => {
          const p = published[i]![j]!
          if (typeof p === 'number' && (p !== v || (p > 0 && p < 5))) throw new Error(`shown ${p} for ${v}`)
          if (p === S && !(v >= 1 && v <= 4)) throw new Error(`"<5" for ${v}`)
        }),
      )
      // By subtraction within each row and column, margins included.
      for (const [values, line] of lineValues(full, published)) {
        const pinned = pinnedInLine(values, line)
        if (pinned.length) throw new Error(`derivable in a line: ${JSON.stringify(cells)} → ${JSON.stringify(published)}`)
      }
      // By any combination of the rows' and columns' equations.
      const found = determined(tableSystem(cells, table))
      if (found.length) throw new Error(`determined ${found.join(', ')}: ${JSON.stringify(cells)} → ${JSON.stringify(published)}`)
    }),
    // Found by this property: four hidden 1s in a column whose hidden total 4 bounds them all.
    {
      numRuns: 1500,
      examples: [
        [
          [
            [0, 1, 0, 0, 0],
            [0, 1, 0, 0, 0],
            [0, 1, 0, 0, 0],
            [0, 1, 0, 0, 0],
          ],
        ],
      ],
    },
  )
  t.pass('1,500 random tables')
})

// --- checks, independent of the algorithm ---

const isHidden = (p: PublishedCount) => typeof p !== 'number'

function linesOf(table: PublishedTable): PublishedCount[][] {
  const full = [...table.cells.map((row, i) => [...row, table.rowTotals[i]!]), [...table.columnTotals, table.total]]
  return [...full, ...full[0]!.map((_, j) => full.map((row) => row[j]!))]
}

function withMargins(cells: number[][]): number[][] {
  const rows = cells.map((row) => [...row, row.reduce((a, b) => a + b, 0)])
  return [...rows, rows[0]!.map((_, j) => rows.reduce((a, row) => a + row[j]!, 0))]
}

/** [values, published] of each row and column of a table with its margins, the total last in each. */
function lineValues(full: number[][], published: PublishedCount[][]): [number[], PublishedCount[]][] {
  return [
    ...full.map((row, i): [number[], PublishedCount[]] => [row, published[i]!]),
    ...full[0]!.map((_, j): [number[], PublishedCount[]] => [full.map((row) => row[j]!), published.map((row) => row[j]!)]),
  ]
}

/**
 * The hidden entries of one line (cells then its total) whose value the reader can pin down: the
 * line's equation, with each hidden count known to lie in 1..4 if shown as "<5", else anywhere
 * from 0, leaves it a single possible value. Counted exhaustively over the sums the others can make.
 */
function pinnedInLine(values: number[], published: PublishedCount[]): number[] {
  const hidden = published.map((p, i) => (isHidden(p) ? i : -1)).filter((i) => i >= 0)
  if (hidden.length === 0) return []
  const totalAt = values.length - 1
  const target = published.reduce<number>((acc, p, i) => (typeof p === 'number' ? acc + (i === totalAt ? -p : p) : acc), 0)
  // Σ hidden cells − hidden total = −target. A withheld count's range is cut at the line's true
  // total plus a margin: larger values change nothing for the reader's subtraction.
  const bound = Math.max(...values) + 10
  const ranges = hidden.map((i): [number, number] => (published[i] === S ? [1, 4] : [0, bound]))
  const signOf = (i: number) => (i === totalAt ? -1 : 1)
  return hidden.filter((i, n) => {
    // The sums the other hidden entries can make, then the values of this one that complete them.
    let sums = new Set([0])
    hidden.forEach((j, m) => {
      if (m === n) return
      const next = new Set<number>()
      for (const s of sums) for (let v = ranges[m]![0]; v <= ranges[m]![1]; v++) next.add(s + signOf(j) * v)
      sums = next
    })
    let possible = 0
    for (let v = ranges[n]![0]; v <= ranges[n]![1]; v++) if (sums.has(-target - signOf(i) * v)) possible++
    return possible < 2
  })
}

interface System {
  /** One row per equation, one column per hidden entry. */
  matrix: number[][]
  names: string[]
}

/** The row and column equations of a table, over its hidden entries. */
function tableSystem(cells: number[][], table: PublishedTable): System {
  const full = withMargins(cells)
  const published = [...table.cells.map((row, i) => [...row, table.rowTotals[i]!]), [...table.columnTotals, table.total]]
  const R = full.length - 1
  const C = full[0]!.length - 1
  const hidden: [number, number][] = []
  published.forEach((row, i) => row.forEach((p, j) => isHidden(p) && hidden.push([i, j])))
  const matrix: number[][] = []
  for (let i = 0; i <= R; i++) matrix.push(hidden.map(([r, c]) => (r === i ? (c === C ? -1 : 1) : 0)))
  for (let j = 0; j <= C; j++) matrix.push(hidden.map(([r, c]) => (c === j ? (r === R ? -1 : 1) : 0)))
  return { matrix, names: hidden.map(([r, c]) => `(${r},${c})`) }
}

/** Hidden entries whose unit vector lies in the row space of the equations: they are determined. */
function determined(system: System): string[] {
  const base = rank(system.matrix)
  return system.names.filter((_, k) => rank([...system.matrix, system.names.map((_, n) => (n === k ? 1 : 0))]) === base)
}

function rank(rows: number[][]): number {
  const m = rows.map((r) => [...r])
  let r = 0
  const columns = m[0]?.length ?? 0
  for (let c = 0; c < columns && r < m.length; c++) {
    let pivot = r
    for (let i = r + 1; i < m.length; i++) if (Math.abs(m[i]![c]!) > Math.abs(m[pivot]![c]!)) pivot = i
    if (Math.abs(m[pivot]![c]!) < 1e-9) continue
    ;[m[r], m[pivot]] = [m[pivot]!, m[r]!]
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue
      const row = m[i]!
      const f = row[c]! / m[r]![c]!
      for (let k = c; k < columns; k++) row[k] = row[k]! - f * m[r]![k]!
    }
    r++
  }
  return r
}
