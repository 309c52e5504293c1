/**
 * How much each name part counts. Company words are weighted down by how common they are among
 * the register's company names (inverse document frequency, Spärck Jones 1972), starting from a
 * background weight for rigour's org descriptors so that small registers, whose IDF means little,
 * still treat "Services Ltd" as generic; a legal-form word left among the name's words counts as
 * generic too. Person parts: initials and particles count less.
 */
import type { NameToken } from '../normalise/name-token.js'
import { LEGAL_FORMS } from '../reference-data.js'
import type { MatchingOptions } from '../tuning.js'

/** Document frequencies of name words in one register. */
export interface WordFrequencies {
  readonly total: number
  readonly counts: ReadonlyMap<string, number>
}

function idfWeight(df: number, total: number, options: MatchingOptions): number {
  const share = df / total
  if (share <= options.rareWordShare) return 1
  if (share >= options.commonWordShare) return options.genericWordWeight
  // Log-linear between the rare and the common share.
  const t = Math.log(share / options.rareWordShare) / Math.log(options.commonWordShare / options.rareWordShare)
  return 1 - t * (1 - options.genericWordWeight)
}

export function companyTokenWeight(token: NameToken, frequencies: WordFrequencies | undefined, options: MatchingOptions): number {
  let weight = token.particle
    ? options.stopWordWeight
    : token.generic || LEGAL_FORMS.has(token.text)
      ? options.genericWordWeight
      : token.numeric
        ? options.numberWeight
        : 1
  if (frequencies !== undefined && frequencies.total >= options.minNamesForIdf && !token.particle) {
    weight = Math.min(weight, idfWeight(frequencies.counts.get(token.text) ?? 0, frequencies.total, options))
  }
  return weight
}

export function personTokenWeight(token: NameToken, options: MatchingOptions): number {
  if (token.particle) return options.particleWeight
  if (token.initial) return options.initialWeight
  return 1
}
