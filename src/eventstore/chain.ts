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
 * SHA-256 of an event's content. The header is a JSON array, so its fields cannot run
 * into each other; JSON text never holds a raw newline, so the separators are
 * unambiguous. Computed before the append lock is taken.
 */
export function contentDigest(e: EventContent): string {
  const header = JSON.stringify([e.streamId, e.type, e.schemaVersion, e.commandId, e.occurredAt]);
  return hash('sha256', `${header}\n${e.dataText}\n${e.metadataText}`, 'hex');
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
