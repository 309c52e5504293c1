import type { Match } from '../matching/index.js'

/**
 * What a "cleared" decision remembers of the submitted side of a match: the kind of field and
 * its value, case and spacing folded, so that the same director or address submitted again in a
 * later bid is recognised, while the same value in a different kind of field is not.
 */
export function suppressionValueKey(match: Pick<Match, 'field' | 'query'>): string {
  const fieldKind = match.field.replace(/\[\d+\]$/, '')
  const value = match.query.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
  return `${fieldKind}|${value}`
}
