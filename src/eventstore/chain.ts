import { hash } from 'node:crypto';

/** The fields of an event that do not depend on its place in the log, as stored. */
export interface EventContent {
  streamId: string;
  type: string;
  schemaVersion: number;
  commandId: string | null;
  occurredAt: string | null;
  /** The exact JSON texts stored in the `json` columns. */
  dataText: string;
  metadataText: string;
}

/** Hashes are kept as lowercase hex: the form COPY and the bytea casts take directly. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * An event's content as one line of PostgreSQL COPY text: its position-independent
 * columns, escaped and separated by tabs, in UTF-8. The escaping makes the line
 * unambiguous, so it is both what is hashed and what an import sends to COPY, and the
 * UTF-8 encoding of the (often Arabic) text is done once.
 */
export function contentLine(e: EventContent): Buffer {
  return Buffer.from(
    contentText(
      copyText(e.streamId),
      copyText(e.type),
      e.schemaVersion,
      e.dataText,
      e.metadataText,
      e.commandId === null ? '\\N' : copyText(e.commandId),
      e.occurredAt,
    ),
  );
}

/**
 * The content line as text, before UTF-8 encoding. Stream id, type and command id come
 * already escaped (copyText, or \\N for no command id): an append escapes each stream's and
 * command's id once, not once per event. The one rendering of the line, for appends and
 * for the verifier alike.
 */
export function contentText(
  streamText: string,
  typeText: string,
  schemaVersion: number,
  dataText: string,
  metadataText: string,
  commandText: string,
  occurredAt: string | null,
): string {
  return (
    `${streamText}\t${typeText}\t${schemaVersion}\t${copyJson(dataText)}\t` +
    `${copyJson(metadataText)}\t${commandText}\t${occurredAt ?? '\\N'}`
  );
}

/** SHA-256 of the content line, computed before the append lock is taken. */
export function contentDigest(line: Buffer): string {
  return hash('sha256', line, 'hex');
}

/**
 * JSON text as JSON.stringify writes it never holds a raw tab, newline or carriage return
 * (they are escaped), so only its backslashes need doubling for COPY: a cheaper test than
 * copyText's on the largest column.
 */
function copyJson(json: string): string {
  return json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;
}

// COPY text format: backslash, tab, newline and carriage return must be escaped.
const COPY_SPECIAL = /[\\\t\n\r]/;
export function copyText(value: string): string {
  if (!COPY_SPECIAL.test(value)) return value;
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/**
 * hash(n) = SHA-256(hex hash(n-1) ‖ version ‖ recordedAt ‖ hex digest(content)). Only this small
 * link is computed under the append lock. The position is not hashed: positions are dense
 * and the chain itself fixes the order.
 */
export function chainHash(
  prev: string,
  version: number,
  recordedAt: string,
  digest: string,
): string {
  return hash('sha256', `${prev}\n${version}\n${recordedAt}\n${digest}`, 'hex');
}

/** SQL that renders a timestamptz exactly as the writer hashed it (UTC, microseconds). */
export const isoMicros = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Instants are normalised to this form before they are stored and hashed. */
export function isoMillis(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${value}`);
  return new Date(ms).toISOString();
}

/** occurred_at is stored with millisecond precision; render it the way isoMillis does. */
export const isoMillisSql = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
