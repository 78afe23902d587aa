/**
 * A name alone, answered from its exact spellings when their bearers fill the reply: each
 * of them scores 1, the most any person can, so no near spelling, no other script and no
 * second round could enter it, and the vocabulary, the probes and the second read of the
 * names as written are all skipped. The common case: of 300 names drawn from the register
 * of a million persons, 293 had at least 20 bearers of their exact spelling.
 *
 * The searches arriving in one turn of the event loop share one statement per kind of
 * query (script, with or without a first name), as point reads do (PointReads): under load
 * a search's cost was mostly per statement, not per row.
 */
import { rank, type NameQuery, type SearchCriteria } from '../../src/domain/names';
import type { Sql } from '../../src/eventstore/db';
import {
  SHOWN,
  hit,
  keysOf,
  withFirstNames,
  type SearchHit,
  type ShownRow,
} from './name-search.hits';

/** A bearer of one of the query's readings. */
type ExactRow = ShownRow & { q: number };

/** Searches read by one statement at most; more wait for the next. */
const MAX_BATCH = 64;

/**
 * Batches read at once. The searches arriving meanwhile wait for one to end and go
 * together: sent as soon as they arrive, each would go alone once the first replies
 * had spread the searchers' next queries over different turns.
 */
const IN_FLIGHT = 2;

/**
 * The bearers of each query's exact spellings, with what a reply shows: per reading
 * (`family`, `given`) of query `q`, up to `lim` persons whose keys in the script are the
 * reading's, each row tagged with `q`.
 */
const EXACT_STATEMENT = {
  ar: { given: exactStatement('ar', true), family: exactStatement('ar', false) },
  lat: { given: exactStatement('lat', true), family: exactStatement('lat', false) },
};

function exactStatement(script: NameQuery['script'], withGiven: boolean): string {
  return `select p.q, n.*
       from unnest($1::int[], $2::text[], $3::text[], $4::int[]) p(q, family, given, lim)
       cross join lateral (
         select ${SHOWN.map((c) => `n.${c}`).join(', ')} from name_search n
          where n.family_${script}_key = p.family${
            withGiven ? ` and n.given_${script}_key = p.given` : ''
          }
          limit p.lim) n`;
}

interface Asked {
  name: NameQuery;
  limit: number;
  resolve: (rows: ExactRow[]) => void;
  reject: (error: unknown) => void;
}

/** The exact-spelling reads of the searches of one turn of the event loop. */
export class ExactReads {
  private next: Asked[] | null = null;
  private scheduled = false;
  private inFlight = 0;

  constructor(private readonly db: Pick<Sql, 'query'>) {}

  /** Up to `limit` bearers of each of the name's readings. */
  bearers(name: NameQuery, limit: number): Promise<ExactRow[]> {
    return new Promise<ExactRow[]>((resolve, reject) => {
      (this.next ??= []).push({ name, limit, resolve, reject });
      if (this.next.length >= MAX_BATCH) this.flush();
      else this.schedule();
    });
  }

  /** After the I/O of this turn of the event loop, so that its searches share a batch. */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= IN_FLIGHT || !this.next) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight < IN_FLIGHT) this.flush();
    });
  }

  private flush(): void {
    const batch = this.next;
    if (!batch) return;
    this.next = null;
    const kinds = new Map<string, Asked[]>();
    for (const asked of batch) {
      const kind = `${asked.name.script} ${withFirstNames(asked.name)}`;
      const same = kinds.get(kind);
      if (same) same.push(asked);
      else kinds.set(kind, [asked]);
    }
    this.inFlight += 1;
    void Promise.all([...kinds.values()].map((same) => this.read(same))).finally(() => {
      this.inFlight -= 1;
      this.schedule();
    });
  }

  /** Queries of one kind: the same script, all with first names or none. */
  private async read(asked: Asked[]): Promise<void> {
    const { name } = asked[0]!;
    const q: number[] = [];
    const family: string[] = [];
    const given: (string | null)[] = [];
    const lim: number[] = [];
    asked.forEach((a, i) => {
      for (const reading of a.name.readings) {
        q.push(i);
        family.push(reading.family);
        given.push(reading.given);
        lim.push(a.limit);
      }
    });
    try {
      const rows = await this.db.query<ExactRow>(
        EXACT_STATEMENT[name.script][withFirstNames(name) ? 'given' : 'family'],
        [q, family, given, lim],
      );
      const found = asked.map((): ExactRow[] => []);
      for (const row of rows) found[row.q]!.push(row);
      asked.forEach((a, i) => a.resolve(found[i]!));
    } catch (error) {
      for (const a of asked) a.reject(error);
    }
  }
}

/**
 * The reply to a name alone from its exact spellings, sorted by IDCS; null when their
 * bearers do not fill it. A bearer's keys are a reading's, so the name fits it fully: every
 * one ranks as the first reading does, with score 1.
 */
export async function exactBearers(
  reads: ExactReads,
  criteria: SearchCriteria,
  limit: number,
): Promise<SearchHit[] | null> {
  const { given, family } = criteria.name.readings[0]!;
  const ranked = rank(criteria, keysOf({ idcs: '', given, family }, criteria));
  if (ranked.score !== 1) return null;
  const rows = await reads.bearers(criteria.name, limit);
  // A person has one pair of keys per script: no two readings find the same one.
  if (rows.length < limit) return null;
  return rows
    .sort((a, b) => (a.idcs < b.idcs ? -1 : 1))
    .slice(0, limit)
    .map((row) => hit(row, ranked));
}
