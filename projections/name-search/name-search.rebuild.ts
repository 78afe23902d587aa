/**
 * The name index's rebuild: the rows of persons whose streams are still open stay in
 * memory, folded by the same `change` as the incremental `apply`, and each row is written
 * once by COPY at its stream's last event. Every event the index reads is on the stream of
 * the person it changes (checked as they come), so nothing later can change a row then.
 * The name variants' counts are summed in memory and written at the end.
 *
 * The duplicate candidates are found at the end, over the finished table. What the
 * incremental `apply` leaves there depends on the final rows only: a pair is scored when
 * either side is re-scored (from the rows as they then are), and every change to what the
 * score reads re-scores the person; a removed person loses its pairs; blocks and score are
 * symmetric. So the same blocks, read once over the final rows and scored with the same
 * `scorePair`, give the same pairs (see `CandidateSearch` for the one exception).
 */
import { personStream } from '../../src/domain';
import type { Transaction } from '../../src/eventstore/db';
import type { RebuildEvent, Rebuilder } from '../../src/projection/projection';
import { PAIR_COLUMNS, rowLine, VARIANT_COLUMNS, variantLine } from './name-search.copy';
import { copyLines, same } from '../../src/projection/copy';
import { CandidateSearch, type SearchLimits } from './name-search.candidates';
import {
  change,
  COLUMNS,
  countVariants,
  KeyPairCounts,
  leavesVariant,
  NAME_EVENT_TYPES,
  type IndexRow,
  type NameEvent,
} from './rows';

const PERSON_PREFIX = personStream('');

export class NameSearchRebuilder implements Rebuilder {
  /** A person whose stream ends on an event the index does not read is written then. */
  readonly streamEnds = true;
  /** The current row of each indexed person whose stream has not ended. */
  private readonly open = new Map<string, IndexRow>();
  private readonly variants = new KeyPairCounts();
  /** How many written rows (with a year of birth) have each pair of family keys. */
  private readonly families = new KeyPairCounts();

  /** `limits`: the candidate search's, in tests only. */
  constructor(private readonly limits?: SearchLimits) {}

  async apply(tx: Transaction, events: readonly RebuildEvent[]): Promise<void> {
    const lines = this.fold(events);
    if (lines.length > 0) await tx.copyIn('name_search', COLUMNS, copyLines(lines, same));
  }

  async finish(tx: Transaction): Promise<void> {
    const rows: string[] = [];
    for (const row of this.open.values()) rows.push(this.line(row));
    this.open.clear();
    if (rows.length > 0) await tx.copyIn('name_search', COLUMNS, copyLines(rows, same));
    const variants = [...this.variants.entries()].map((v) => variantLine(...v));
    this.variants.clear();
    if (variants.length > 0)
      await tx.copyIn('name_variants', VARIANT_COLUMNS, copyLines(variants, same));
    const pairs = await new CandidateSearch(this.families, this.limits).run(tx);
    this.families.clear();
    if (pairs.length > 0)
      await tx.copyIn('duplicate_candidates', PAIR_COLUMNS, copyLines(pairs, same));
  }

  /** A row's COPY line; its family keys are counted. */
  private line(row: IndexRow): string {
    if (row.birth_year !== null) this.families.add(row.family_ar_key, row.family_lat_key);
    return rowLine(row);
  }

  /** How many persons are held open: what memory the rebuild needs beyond a page. */
  openRows(): number {
    return this.open.size;
  }

  /**
   * Folds a page into the open rows; returns the COPY lines of the rows the page made final.
   * An event of another type (a driver may pass the last event of every stream) only ends
   * its stream.
   */
  fold(events: readonly RebuildEvent[]): string[] {
    const lines: string[] = [];
    for (const e of events) {
      if (!e.streamId.startsWith(PERSON_PREFIX)) continue;
      const idcs = e.streamId.slice(PERSON_PREFIX.length);
      if (NAME_EVENT_TYPES.has(e.type as NameEvent['type'])) {
        const event = { type: e.type, data: e.data } as NameEvent;
        if (event.data.idcs !== idcs)
          throw new Error(
            `name-search rebuild: ${e.type} at ${e.position} about person ${event.data.idcs} ` +
              `is on ${e.streamId}: its row could not be known final`,
          );
        const result = change(this.open.get(idcs) ?? null, event, e.position);
        if (result.kind === 'write') {
          this.open.set(idcs, result.row);
          if (leavesVariant(event.type, result)) countVariants(this.variants, result.row);
        } else if (result.kind === 'remove') this.open.delete(idcs);
      }
      if (e.lastOfStream) {
        const row = this.open.get(idcs);
        if (row) lines.push(this.line(row));
        this.open.delete(idcs);
      }
    }
    return lines;
  }
}
