import { isIsoDate } from '../shared/dates';

const INSTANT =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 instant with its zone, as the form transaction times are compared in:
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, microseconds, the store's `recordedAt`). Two instants
 * in that form compare as strings; `Date` alone would drop the microseconds the store keeps,
 * and an as-of taken from a reply's `recordedAt` must include that very event.
 * Null when the text is not such an instant (no zone, impossible day or hour...).
 */
export function parseInstant(text: string): string | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [, day, hh, mm, ss = '00', fraction = '', zone] = m as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
    string | undefined,
    string,
  ];
  if (!isIsoDate(day) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return null;
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4)) > 59)) return null;
  const micros = fraction.padEnd(6, '0');
  const ms = Date.parse(`${day}T${hh}:${mm}:${ss}.${micros.slice(0, 3)}${zone}`);
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString();
  if (!/^\d{4}-/.test(iso)) return null; // shifted out of years 0000-9999 by its offset
  return `${iso.slice(0, 23)}${micros.slice(3)}Z`;
}

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The instant in comparable form (the store's `recordedAt` already is). */
export function instantKey(text: string): string {
  return CANONICAL.test(text) ? text : (parseInstant(text) ?? text);
}
