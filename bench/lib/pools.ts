/**
 * The generator's vocabulary, read from bench/data/pools/<split>.json. Kept apart from the matcher
 * (issue 10, point 5): the matcher's tables come from public sources only, so a pool word the
 * matcher "knows" can only be one that public data also knows. Parsed strictly so that a typo in
 * a pool file fails loudly instead of silently shrinking a class.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'

const words = z.array(z.string().min(1)).min(1)

const poolSchema = z
  .object({
    about: z.string(),
    sources: z.record(z.string(), z.string()),
    givenNames: z.object({ common: words, other: words, derived: z.array(z.string()) }).strict(),
    surnames: z.object({ common: words, other: words, derived: z.array(z.string()) }).strict(),
    givenNamesAlsoSurnames: words,
    nicknames: z.array(z.tuple([z.string(), z.string()])).min(1),
    spellingFamilies: z.array(z.array(z.string()).min(2)).min(1),
    crossScriptNames: z.array(z.object({ script: z.enum(['cyrillic', 'chinese', 'korean']), native: z.string(), latin: z.string() }).strict()),
    distinctiveWords: words,
    coinedWordParts: z.object({ onsets: words, vowels: words, middles: words, codas: words }).strict(),
    trades: words,
    genericWords: words,
    wordAbbreviations: z.record(z.string(), words),
    abbreviableTrades: words,
    legalForms: z
      .array(z.object({ kind: z.enum(['company', 'llp', 'lp', 'plc']), register: words, variants: words, weight: z.number().positive() }).strict())
      .min(1),
    streetNames: words,
    streetTypes: z.array(z.object({ long: z.string(), short: z.array(z.string()) }).strict()).min(1),
    flatWords: z.object({ register: z.string(), variants: words }).strict(),
    towns: z
      .array(
        z
          .object({ town: z.string(), area: z.string(), nation: z.enum(['england', 'wales', 'scotland', 'ni']), dialCode: z.string().regex(/^0[0-9]{2,4}$/) })
          .strict(),
      )
      .min(1),
    buildingNames: words,
    buildingKinds: words,
    mailboxProviders: words,
    handListProviders: words,
    webSuffixes: words,
    groupWords: words,
    groupNamePatterns: words,
    groupAliasPatterns: words,
    tradingAsForms: words,
    roles: words,
  })
  .strict()

export type Pool = z.infer<typeof poolSchema>
export type LegalForm = Pool['legalForms'][number]
export type Town = Pool['towns'][number]
export type CrossScriptName = Pool['crossScriptNames'][number]
export type Split = 'dev' | 'test'

export const POOL_DIR = new URL('../data/pools/', import.meta.url)

const cache = new Map<Split, Pool>()

export function loadPool(split: Split): Pool {
  const cached = cache.get(split)
  if (cached !== undefined) return cached
  const pool = poolSchema.parse(JSON.parse(readFileSync(new URL(`${split}.json`, POOL_DIR), 'utf8')))
  cache.set(split, pool)
  return pool
}
