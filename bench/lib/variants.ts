/**
 * How a supplier writes a value the register holds: typos, other legal-form spellings,
 * abbreviations, and the many ways of writing an address, phone, e-mail, website, company number
 * or date of birth. Vocabulary (abbreviations, legal forms, street forms) comes from the pool;
 * only the formats are code, shared by both splits.
 */
import type { Address } from '../../src/matching/index.js'
import type { Pool } from './pools.js'
import type { Random } from './random.js'
import { companyName, postcode, streetLine } from './synthetic-render.js'
import { title, type SyntheticAddress, type SyntheticCompany } from './synthetic-world.js'

/** One edit (deletion, transposition or substitution) inside a word of five letters or more. */
export function typo(word: string, r: Random): string {
  if (word.length < 5) return word
  const k = 1 + r.int(word.length - 2)
  switch (r.int(3)) {
    case 0:
      return word.slice(0, k) + word.slice(k + 1)
    case 1:
      return word.slice(0, k) + (word[k + 1] ?? '') + (word[k] ?? '') + word.slice(k + 2)
    default: {
      const vowels = 'aeiou'.replace(word[k] ?? '', '')
      return word.slice(0, k) + vowels[r.int(vowels.length)] + word.slice(k + 1)
    }
  }
}

/** The same legal form spelt differently, or dropped. */
export function legalVariant(c: SyntheticCompany, r: Random): string {
  if (r.chance(0.3)) return ''
  const others = c.legal.variants.filter((v) => v !== c.legalSpelling)
  return r.pick(others.length > 0 ? others : c.legal.variants)
}

/** Every word of the name the pool knows an abbreviation for, abbreviated at once. */
export function abbreviatedName(c: SyntheticCompany, pool: Pool, r: Random): string {
  const words = companyName(c).split(' ')
  return words
    .map((w) => {
      const forms = pool.wordAbbreviations[w.toLowerCase()]
      return forms === undefined ? w : r.pick(forms)
    })
    .join(' ')
}

export function abbreviationCount(c: SyntheticCompany, pool: Pool): number {
  return companyName(c)
    .split(' ')
    .filter((w) => pool.wordAbbreviations[w.toLowerCase()] !== undefined).length
}

export type AddressStyle = 'postcode' | 'glasgow_flat' | 'flat_line' | 'street_abbreviation'

/** The address as a supplier might write it in one of several styles. */
export function addressVariant(a: SyntheticAddress, style: AddressStyle, pool: Pool, r: Random): Address {
  const town = a.town.town
  const pc = postcode(a)
  const prefix = a.building === null ? [] : [a.suite === null ? a.building : `Suite ${a.suite}, ${a.building}`]
  switch (style) {
    case 'postcode': {
      const compact = pc.replace(' ', '')
      const lines = [...prefix, a.flat === null ? streetLine(a) : `${pool.flatWords.register} ${a.flat}, ${streetLine(a)}`]
      const form = r.int(3)
      if (form === 0) return { lines, town, postcode: compact.toLowerCase() }
      if (form === 1) return { lines, town: town.toUpperCase(), postcode: compact }
      return { lines: [...lines, `${town} ${compact.toLowerCase()}`] }
    }
    case 'glasgow_flat': {
      const flat = a.flat ?? '1/1'
      const forms: string[][] = [
        [`${flat}, ${streetLine(a)}`],
        [`${flat}`, streetLine(a)],
        [streetLine(a), `${pool.flatWords.register} ${flat}`],
        [`${streetLine(a)} ${flat}`],
      ]
      return { lines: [...prefix, ...r.pick(forms)], town, postcode: pc }
    }
    case 'flat_line': {
      const flat = a.flat ?? '1'
      const word = pool.flatWords.register
      const lines = a.flatOwnLine
        ? [`${word} ${flat}, ${streetLine(a)}`]
        : r.chance(0.5)
          ? [`${word} ${flat}`, streetLine(a)]
          : [streetLine(a), `${word} ${flat}`]
      return { lines: [...prefix, ...lines], town, postcode: pc }
    }
    case 'street_abbreviation': {
      const short = a.streetType.short.length > 0 ? r.pick(a.streetType.short) : a.streetType.long
      const street = streetLine(a, short)
      const lines = a.flat === null ? [street] : [`${r.pick(pool.flatWords.variants)} ${a.flat}, ${street}`]
      return { lines: [...prefix, ...lines], town, postcode: pc }
    }
  }
}

/** A phone number in another of the formats UK suppliers use. */
export function phoneVariant(phone: string, r: Random): string {
  const groups = phone.split(' ')
  const digits = groups.join('')
  const national = digits.slice(1)
  const rest = groups.slice(1).join(' ')
  const code = (groups[0] ?? '').slice(1)
  const forms = [
    `+44 ${code} ${rest}`,
    `+44 (0)${code} ${rest}`,
    `+44 (0) ${code}${rest.replace(/ /g, '')}`,
    groups.join('-'),
    digits,
    `+44${national}`,
    `(${groups[0] ?? ''}) ${rest}`,
    `0044 ${code} ${rest}`,
    `+44-${code}-${rest.replace(/ /g, '-')}`,
  ]
  return r.pick(forms)
}

export function emailVariant(email: string, r: Random): string {
  const forms = [
    email.toUpperCase(),
    `mailto:${email}`,
    `MAILTO:${email.toUpperCase()}`,
    ` ${email} `,
    email.replace(/@(.*)$/, (_, d: string) => `@${d.toUpperCase()}`),
  ]
  return r.pick(forms)
}

export function websiteVariant(url: string, r: Random): string {
  const domain = url
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/.*$/, '')
  const forms = [
    `https://www.${domain}`,
    `http://${domain}/`,
    `https://www.${domain}/contact-us`,
    `WWW.${domain.toUpperCase()}`,
    `${domain}/about?ref=tender`,
    `HTTPS://${domain.toUpperCase()}/`,
  ]
  return r.pick(forms.filter((f) => f !== url))
}

/** The company number with leading zeros dropped, its prefix in lower case, or spaces inside. */
export function companyNumberVariant(n: string, r: Random): string {
  const prefixed = /^[A-Z]{2}/.test(n)
  if (prefixed) {
    const forms = [n.toLowerCase(), `${n.slice(0, 2)} ${n.slice(2)}`, `${n.slice(0, 2).toLowerCase()} ${n.slice(2, 5)} ${n.slice(5)}`]
    return r.pick(forms)
  }
  const forms = [`${n.slice(0, 4)} ${n.slice(4)}`, `${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5)}`]
  if (n.startsWith('0')) forms.push(n.replace(/^0+/, ''), n.replace(/^0+/, ''))
  return r.pick(forms)
}

/** Year or year-month of a full date. */
export function partialDate(full: string, r: Random): string {
  return r.chance(0.6) ? full.slice(0, 7) : full.slice(0, 4)
}

/** Day and month swapped (the US order read as UK); only dates where both are ≤ 12 and differ. */
export function swappedDate(full: string): string {
  const [y, m, d] = full.split('-')
  return `${y}-${d}-${m}`
}

/** A date some years away, for a different person of the same name. */
export function otherDate(full: string, r: Random): string {
  const year = Number(full.slice(0, 4)) + (r.chance(0.5) ? 1 : -1) * (3 + r.int(12))
  const shifted = `${year}${full.slice(4)}`
  return r.chance(0.5) ? shifted.slice(0, 7) : shifted
}

export { title }
