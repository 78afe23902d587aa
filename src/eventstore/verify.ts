/**
 * Recomputes the hash chain over the whole log and reports where it breaks. Each row
 * carries its predecessor's hash (prev_hash) and its own (hash), which tells apart:
 *   removed   - a position is missing;
 *   altered   - the row no longer matches its own hash (content changed, or forged);
 *   inserted  - two rows claim the same predecessor: the first of them was slipped in;
 *   reordered - an intact row does not follow the row before it.
 * A rewrite that recomputes every later hash is caught only against a hash kept outside
 * the database (`--anchor`, docs/operations.md).
 */
import {
  GENESIS_HASH,
  chainHash,
  contentDigest,
  contentLine,
  isoMicros,
  isoMillisSql,
} from './chain';
import type { Database } from './db';
import type { EventRow } from './recorded-event';

export type ProblemKind = 'removed' | 'altered' | 'inserted' | 'reordered' | 'head-mismatch';

export interface VerifyProblem {
  position: number;
  kind: ProblemKind;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  checked: number;
  lastPosition: number;
  lastHash: string;
  problems: VerifyProblem[];
}

/** An event row with its data as stored text and its chain hashes in hex. */
interface Row extends EventRow {
  prev_hash: string;
  hash: string;
}

export interface VerifyOptions {
  pageSize?: number;
  maxProblems?: number;
  /** A (position, hash) recorded earlier outside the database: the log must still hold it. */
  anchor?: { position: number; hash: string };
  onProgress?: (checked: number, lastPosition: number) => void;
}

export async function verifyLog(db: Database, options: VerifyOptions = {}): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? 10_000;
  const maxProblems = options.maxProblems ?? 20;
  const problems: VerifyProblem[] = [];
  const report = (p: VerifyProblem) => {
    if (problems.length < maxProblems) problems.push(p);
  };

  let expectedPosition = 1;
  let prev: Row | null = null;
  let checked = 0;
  let after = 0;
  let anchorSeen = false;
  for (;;) {
    const rows = await db.query<Row>(
      `select position, stream_id, version, type, schema_version, data::text as data,
              metadata::text as metadata, command_id, ${isoMillisSql('occurred_at')} as occurred_at,
              ${isoMicros('recorded_at')} as recorded_at, encode(prev_hash, 'hex') as prev_hash,
              encode(hash, 'hex') as hash
         from events where position > $1 order by position limit $2`,
      [after, pageSize],
    );
    for (const row of rows) {
      const expectedPrev = prev ? prev.hash : GENESIS_HASH;
      if (row.position !== expectedPosition) {
        report({
          position: expectedPosition,
          kind: 'removed',
          detail:
            row.position - expectedPosition === 1
              ? `event ${expectedPosition} is missing`
              : `events ${expectedPosition} to ${row.position - 1} are missing`,
        });
      }
      const digest = contentDigest(
        contentLine({
          streamId: row.stream_id,
          type: row.type,
          schemaVersion: row.schema_version,
          commandId: row.command_id,
          occurredAt: row.occurred_at,
          dataText: row.data,
          metadataText: row.metadata,
        }),
      );
      const own = chainHash(row.prev_hash, row.version, row.recorded_at, digest);
      if (own !== row.hash) {
        report({
          position: row.position,
          kind: 'altered',
          detail: `event ${row.position} (${row.stream_id}@${row.version}) does not match its hash`,
        });
      } else if (row.prev_hash !== expectedPrev && row.position === expectedPosition) {
        if (prev && row.prev_hash === prev.prev_hash) {
          report({
            position: prev.position,
            kind: 'inserted',
            detail: `event ${prev.position} was inserted: event ${row.position} follows the one before it`,
          });
        } else {
          report({
            position: row.position,
            kind: 'reordered',
            detail: `event ${row.position} (${row.stream_id}@${row.version}) is intact but does not follow event ${row.position - 1}`,
          });
        }
      }
      if (options.anchor && row.position === options.anchor.position) {
        anchorSeen = true;
        if (row.hash !== options.anchor.hash) {
          report({
            position: row.position,
            kind: 'altered',
            detail: `event ${row.position} differs from the anchor kept outside the database`,
          });
        }
      }
      prev = row;
      expectedPosition = row.position + 1;
      checked++;
    }
    if (rows.length > 0) {
      after = rows[rows.length - 1]!.position;
      options.onProgress?.(checked, after);
    }
    if (rows.length < pageSize) break;
  }

  const [head] = await db.query<{ position: number; hash: string }>(
    `select position, encode(hash, 'hex') as hash from event_log_head`,
  );
  const lastPosition = prev?.position ?? 0;
  const lastHash = prev ? prev.hash : GENESIS_HASH;
  if (!head || head.position !== lastPosition || head.hash !== lastHash) {
    report({
      position: Math.min(head?.position ?? 0, lastPosition) + 1,
      kind: 'head-mismatch',
      detail: `the head says position ${head?.position ?? '?'}, the log ends at ${lastPosition}: events at the end were removed or added`,
    });
  }
  if (options.anchor && !anchorSeen && options.anchor.position > 0) {
    report({
      position: options.anchor.position,
      kind: 'removed',
      detail: `anchored event ${options.anchor.position} is not in the log`,
    });
  }
  problems.sort((a, b) => a.position - b.position);
  return {
    ok: problems.length === 0,
    checked,
    lastPosition,
    lastHash,
    problems,
  };
}
