/**
 * The watchlist upload format (docs/design.md §3): the names the rest of the service uses, from
 * the files under ./content/, one concern each:
 *
 * - limits.ts: vocabulary (risk levels, entity types) and the length of every field;
 * - upload-errors.ts: the stable codes and shape of a 422's errors;
 * - watchlist-types.ts: the parsed content storage and the matcher receive, and parse results;
 * - json-schemas.ts: the JSON upload's shape (zod);
 * - field-checks.ts, build-group.ts, build-address.ts, build-entity.ts: the one validator both
 *   parsers share, over the rules of src/rules/ (text, dates of birth, countries, postcodes);
 * - csv-*.ts: the CSV format's columns, decoding and rows (parse-csv-watchlist.ts drives them).
 */
export { MAX_REPORTED_ERRORS } from './content/limits.js'
export { UploadErrorCode, type RowError } from './content/upload-errors.js'
export type { WatchlistAddress, WatchlistContent, WatchlistCounts, WatchlistEntity, WatchlistGroup, WatchlistParseResult } from './content/watchlist-types.js'
export type { WatchlistAddressJson, WatchlistEntityJson, WatchlistJson } from './content/json-schemas.js'
