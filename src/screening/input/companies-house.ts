/**
 * A supplier's people given as Companies House records, read into connected persons. The
 * mapping is documented in openapi.yaml (`CompaniesHouseRecords`) and the README.
 *
 * Reference: Companies House public data API (developer.company-information.service.gov.uk),
 * the `items` of `GET /company/{company_number}/officers` (officerSummary: `name` written
 * "SURNAME, Forenames", `officer_role`, `date_of_birth {month, year}`, `nationality`,
 * `resigned_on`) and of `GET /company/{company_number}/persons-with-significant-control`
 * (`kind`, `name`, `name_elements {title, forename, middle_name, surname}`, `date_of_birth`,
 * `nationality`, `ceased_on`); the codes of companieshouse/api-enumerations (`officer_role`,
 * PSC `kind`). The API returns more fields (links, addresses, occupation, natures of control),
 * which are ignored, not refused, so that a record can be passed on as the API gave it. Pure.
 */
import { z } from 'zod'
import { countryCodeOfNationality } from './country-names.js'
import type { FieldPath, SourcedPerson } from './supplier-draft.js'

// Enough for any real company's officers and PSCs, resigned ones included; the supplier's own
// limit on people applies after mapping.
const MAX_RECORDS = 200

const text = (max: number) => z.string().max(max).nullish()

// The public register gives month and year; `day` appears only in a register view for the
// company itself, and is read when present.
const dateOfBirthSchema = z
  .object({
    year: z.number().int().min(0).max(9999),
    month: z.number().int().min(1).max(12).nullish(),
    day: z.number().int().min(1).max(31).nullish(),
  })
  .refine((date) => date.day == null || date.month != null, { message: 'a day needs a month', path: ['day'] })

const officerSchema = z.object({
  name: z.string().max(300),
  officer_role: text(100),
  date_of_birth: dateOfBirthSchema.nullish(),
  nationality: text(100),
  resigned_on: text(40),
})

const pscSchema = z.object({
  kind: text(100),
  name: text(300),
  name_elements: z.object({ title: text(100), forename: text(100), middle_name: text(100), surname: text(100) }).nullish(),
  date_of_birth: dateOfBirthSchema.nullish(),
  nationality: text(100),
  ceased_on: text(40),
})

export const companiesHouseSchema = z.strictObject({
  officers: z.array(officerSchema).max(MAX_RECORDS).optional(),
  pscs: z.array(pscSchema).max(MAX_RECORDS).optional(),
})

export type CompaniesHouseRecords = z.output<typeof companiesHouseSchema>
type DateOfBirth = z.output<typeof dateOfBirthSchema>

/** `{month: 3, year: 1981}` → "1981-03": the request's partial date, at the precision given. */
export function dateOfBirthText(date: DateOfBirth): string {
  const parts = [String(date.year).padStart(4, '0')]
  if (date.month != null) parts.push(String(date.month).padStart(2, '0'))
  if (date.month != null && date.day != null) parts.push(String(date.day).padStart(2, '0'))
  return parts.join('-')
}

/**
 * "SMITH, John Albert" → "John Albert SMITH": Companies House writes an officer's surname first,
 * in capitals. The surname keeps its capitals: re-casing it guesses wrong (MCDONALD, O'NEILL),
 * and the matcher ignores case.
 */
export function officerNameInOrder(name: string): string {
  const [surname = '', ...forenames] = name.split(',')
  return [...forenames, surname]
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ')
}

function given(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed === '' ? undefined : trimmed
}

function withEnd(role: string, word: string, on: string | null | undefined): string {
  const end = given(on)
  return end === undefined ? role : `${role} (${word} ${end})`
}

function nationalityOf(person: SourcedPerson, nationality: string | null | undefined, at: FieldPath): void {
  const value = given(nationality)
  // Free text ("British", "British,Irish"); one the service cannot read is left out, not refused.
  const code = value === undefined ? null : countryCodeOfNationality(value)
  if (code === null) return
  person.person.nationality = code
  person.from.nationality = [...at, 'nationality']
}

/**
 * Officers as connected persons. Resigned officers are screened too, their role saying so: a
 * director who resigned before a bid may still be the company's controlling mind, and a
 * resignation is a known way to put distance between a company and a name. Corporate officers
 * (roles `corporate-…`) are companies, which the person matcher cannot compare; they are left
 * out, to be screened as suppliers of their own.
 */
function officerPeople(officers: CompaniesHouseRecords['officers'], at: FieldPath): SourcedPerson[] {
  return (officers ?? []).flatMap((officer, i) => {
    const here = [...at, i]
    const role = given(officer.officer_role)
    if (role?.startsWith('corporate-')) return []
    const person: SourcedPerson = { person: { name: officerNameInOrder(officer.name) }, from: { person: here, name: [...here, 'name'] } }
    if (role !== undefined) {
      person.person.role = withEnd(role.replace(/-/g, ' '), 'resigned', officer.resigned_on)
      person.from.role = [...here, 'officer_role']
    }
    if (officer.date_of_birth) {
      person.person.dateOfBirth = dateOfBirthText(officer.date_of_birth)
      person.from.dateOfBirth = [...here, 'date_of_birth']
    }
    nationalityOf(person, officer.nationality, here)
    return [person]
  })
}

// PSC kinds of a natural person; the others are companies or legal persons (left out, as
// corporate officers are) or super-secure PSCs, whose details the register withholds.
const INDIVIDUAL_KINDS: Readonly<Record<string, string>> = {
  'individual-person-with-significant-control': 'person with significant control',
  'individual-beneficial-owner': 'beneficial owner',
}

/** Persons with significant control, ceased ones included for the reason resigned officers are. */
function pscPeople(pscs: CompaniesHouseRecords['pscs'], at: FieldPath): SourcedPerson[] {
  return (pscs ?? []).flatMap((psc, i) => {
    const here = [...at, i]
    const kind = given(psc.kind)
    // A record without `kind` is taken to be an individual's: the caller chose to send it as a person.
    const role = kind === undefined ? 'person with significant control' : INDIVIDUAL_KINDS[kind]
    if (role === undefined) return []
    // `name` carries a title ("Mr John Albert Smith"); the name elements say which part is which.
    const elements = psc.name_elements
    const fromElements = [elements?.forename, elements?.middle_name, elements?.surname].map(given).filter((part) => part !== undefined)
    const person: SourcedPerson = {
      person: { name: fromElements.length > 0 ? fromElements.join(' ') : (given(psc.name) ?? ''), role: withEnd(role, 'ceased', psc.ceased_on) },
      from: { person: here, name: [...here, fromElements.length > 0 ? 'name_elements' : 'name'], role: [...here, 'kind'] },
    }
    if (psc.date_of_birth) {
      person.person.dateOfBirth = dateOfBirthText(psc.date_of_birth)
      person.from.dateOfBirth = [...here, 'date_of_birth']
    }
    nationalityOf(person, psc.nationality, here)
    return [person]
  })
}

/** The connected persons in Companies House records: officers first, then PSCs. */
export function companiesHousePeople(records: CompaniesHouseRecords, at: FieldPath = ['companiesHouse']): SourcedPerson[] {
  return [...officerPeople(records.officers, [...at, 'officers']), ...pscPeople(records.pscs, [...at, 'pscs'])]
}
