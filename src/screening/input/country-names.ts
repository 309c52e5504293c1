/**
 * Countries as other systems write them: an OCDS address's `countryName` ("United Kingdom"),
 * a Companies House nationality ("British"). The screening request holds ISO 3166-1 alpha-2
 * codes only (src/rules/countries.ts), so these are read into codes here.
 *
 * English short names come from ICU's region names (`Intl.DisplayNames`) for every code the
 * country rule admits, so that no hand list of 250 names drifts from ISO; the aliases are the
 * names that UK publishers and Companies House write and ICU does not (the home nations,
 * "Great Britain"). Nationalities are Companies House's free text, whose most frequent values
 * are demonyms; those listed are the UK's and the commonest among UK company officers. Pure.
 */
import { canonicalCountry, ISO_COUNTRY_CODES } from '../../rules/countries.js'

const UK_NAMES = ['uk', 'u k', 'great britain', 'britain', 'england', 'scotland', 'wales', 'northern ireland', 'england and wales']

const NAME_ALIASES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(UK_NAMES.map((name) => [name, 'GB'])),
  'united kingdom of great britain and northern ireland': 'GB',
  'republic of ireland': 'IE',
  'irish republic': 'IE',
  usa: 'US',
  'united states of america': 'US',
  'russian federation': 'RU',
  'republic of korea': 'KR',
  'south korea': 'KR',
  'czech republic': 'CZ',
  holland: 'NL',
}

// Companies House nationality text → ISO code. A value not listed is left out of the request
// rather than refused: the matcher does not weigh nationality, and the caller did not write it.
const DEMONYMS: Readonly<Record<string, string>> = {
  british: 'GB',
  english: 'GB',
  scottish: 'GB',
  welsh: 'GB',
  'northern irish': 'GB',
  'united kingdom': 'GB',
  irish: 'IE',
  american: 'US',
  canadian: 'CA',
  australian: 'AU',
  'new zealander': 'NZ',
  'south african': 'ZA',
  indian: 'IN',
  pakistani: 'PK',
  bangladeshi: 'BD',
  'sri lankan': 'LK',
  chinese: 'CN',
  nigerian: 'NG',
  ghanaian: 'GH',
  kenyan: 'KE',
  zimbabwean: 'ZW',
  somali: 'SO',
  polish: 'PL',
  romanian: 'RO',
  bulgarian: 'BG',
  lithuanian: 'LT',
  latvian: 'LV',
  estonian: 'EE',
  hungarian: 'HU',
  czech: 'CZ',
  slovak: 'SK',
  slovenian: 'SI',
  croatian: 'HR',
  serbian: 'RS',
  albanian: 'AL',
  kosovan: 'XK',
  ukrainian: 'UA',
  russian: 'RU',
  italian: 'IT',
  spanish: 'ES',
  portuguese: 'PT',
  french: 'FR',
  german: 'DE',
  dutch: 'NL',
  belgian: 'BE',
  swiss: 'CH',
  austrian: 'AT',
  swedish: 'SE',
  danish: 'DK',
  norwegian: 'NO',
  finnish: 'FI',
  greek: 'GR',
  cypriot: 'CY',
  maltese: 'MT',
  turkish: 'TR',
  iranian: 'IR',
  iraqi: 'IQ',
  afghan: 'AF',
  syrian: 'SY',
  egyptian: 'EG',
  moroccan: 'MA',
  algerian: 'DZ',
  israeli: 'IL',
  armenian: 'AM',
  japanese: 'JP',
  'south korean': 'KR',
  vietnamese: 'VN',
  filipino: 'PH',
  malaysian: 'MY',
  singaporean: 'SG',
  thai: 'TH',
  brazilian: 'BR',
  colombian: 'CO',
  jamaican: 'JM',
}

/** Lower case, diacritics and punctuation gone, spaces collapsed: "Côte d’Ivoire" → "cote d ivoire". */
function foldName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

let namesToCodes: ReadonlyMap<string, string> | undefined

function countryNames(): ReadonlyMap<string, string> {
  if (namesToCodes === undefined) {
    const english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
    const names = new Map<string, string>()
    for (const code of ISO_COUNTRY_CODES) {
      const name = english.of(code)
      if (name !== undefined) names.set(foldName(name), code)
    }
    for (const [name, code] of Object.entries(NAME_ALIASES)) names.set(name, code)
    namesToCodes = names
  }
  return namesToCodes
}

/** The ISO code of a country written as a code ("GB", "uk") or an English name ("United Kingdom"), or null. */
export function countryCodeOfName(value: string): string | null {
  const trimmed = value.trim()
  return canonicalCountry(trimmed) ?? countryNames().get(foldName(trimmed)) ?? null
}

/**
 * The ISO code of a nationality as Companies House writes it ("British"; several are written
 * "British,Irish", of which the first known is taken), or null when none is known.
 */
export function countryCodeOfNationality(value: string): string | null {
  for (const part of value.split(/[,/;]/)) {
    const folded = foldName(part)
    if (folded === '') continue
    const code = DEMONYMS[folded] ?? countryCodeOfName(part)
    if (code !== null) return code
  }
  return null
}
