import type { Writable } from 'node:stream'

/** Rows as aligned columns under a header, for people to read; CSV and JSON are for machines. */
export function printTable(stream: Writable, header: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
  const cells = [header, ...rows].map((row) => row.map((cell) => String(cell).replace(/\s+/g, ' ')))
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)))
  for (const row of cells)
    stream.write(
      `${row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()}\n`,
    )
}
