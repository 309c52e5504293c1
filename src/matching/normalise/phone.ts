/**
 * Telephone numbers to E.164.
 *
 * Reference: libphonenumber-js (a port of Google's libphonenumber) with its "min" metadata.
 * We ask only whether a number is *possible* (right length for its country), not *valid*
 * (allocated range): intelligence data holds old and unallocated numbers, and the cheaper
 * check keeps a 100,000-row upload fast.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Longer than any formatted phone number with an extension; keeps parsing bounded. */
const MAX_RAW_LENGTH = 64;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * `raw` in E.164 (`0161 496 0000` → `+441614960000`), reading national numbers as numbers of
 * `defaultCountry` (ISO 3166 alpha-2); null when it is not a possible phone number. Extensions
 * are dropped: the line, not the desk, identifies the subscriber.
 */
export function phoneToE164(raw: string, defaultCountry = 'GB'): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_RAW_LENGTH) return null;
  if (CONTROL.test(raw)) return null;
  const parsed = parsePhoneNumberFromString(raw, {
    defaultCountry: defaultCountry.toUpperCase() as CountryCode,
    extract: false,
  });
  if (parsed === undefined || !parsed.isPossible()) return null;
  return parsed.number;
}
