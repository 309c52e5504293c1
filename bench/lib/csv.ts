/** CSV reading for the evaluation and data derivation: csv-parse with the quirks of the public source files (a BOM, a space after each comma). */
import { parse } from 'csv-parse/sync'

/** Rows of a CSV text as arrays of strings; surrounding spaces trimmed (FEBRL pads after commas). */
export function parseCsv(text: string, delimiter = ','): string[][] {
  return parse(text.replace(/^\uFEFF/, ''), {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
  })
}
