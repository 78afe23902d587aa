/**
 * Reading the name index: a fuzzy name search with bounded work, and the duplicate
 * candidates of an office.
 *
 * A name alone whose exact spellings fill the reply costs one statement, shared with the
 * other searches of its turn of the event loop (name-search.exact.ts); any other search
 * costs at most four more, whatever the register's size:
 * 1. each key the query can be cut into is looked up in the vocabulary (name_variants, a
 *    few rows per distinct spelling, not per person) through its trigram index, giving
 *    the near keys in the query's script and the keys written with them in the other
 *    (remembered for a while: NearKeys);
 * 2. each (family key, first-name key) pair, best first and at most PAIRS of them, probes
 *    the persons' b-tree with its own LIMIT, in one or two rounds (FIRST_ROUND), and the
 *    whole answer stops at CANDIDATES;
 *    the candidates are ranked (src/domain/names/search.ts) on their keys alone;
 * 3. the names as written of the persons kept are read by IDCS.
 */
import {
  rank,
  similarity,
  type NameQuery,
  type Ranked,
  type Script,
  type SearchCriteria,
} from '../../src/domain/names';
import type { Sql } from '../../src/eventstore/db';
import { ExactReads, exactBearers } from './name-search.exact';
import {
  SHOWN,
  hit,
  keysOf,
  withFirstNames,
  written,
  type CandidateKeys,
  type SearchHit,
  type ShownRow,
} from './name-search.hits';

export { ExactReads } from './name-search.exact';
export type { SearchHit } from './name-search.hits';

const SHOWN_STATEMENT = `select ${SHOWN.join(', ')} from name_search where idcs = any($1::text[])`;

/** Near keys kept per query key, in its own script and across. */
const NEAR = 6;
const ACROSS = 3;
/**
 * Probes per search, persons per probe, candidates in all. The best FIRST_ROUND probes are
 * read first; the others only when their persons could still enter the reply (a common name
 * fills it from its own spelling).
 */
const PAIRS = 48;
const FIRST_ROUND = 4;
const PER_PAIR = 40;
const CANDIDATES = 800;
const ACROSS_WEIGHT = 0.9;

/**
 * A candidate is ranked on its keys in the query's script, and on its sex, date or place of
 * birth and parents' keys only when the query gives them; the names as written, the status
 * and the office are read for the persons kept only. A Latin search gathers hundreds of
 * candidates at a million persons, and decoding columns was the server's largest cost.
 */
interface CandidateRow extends CandidateKeys {
  probe_script: Script;
  sim: number;
}

interface Near {
  same: Map<string, number>;
  across: Map<string, number>;
}

const other = (script: Script): Script => (script === 'ar' ? 'lat' : 'ar');

/** The vocabulary's near keys of each query key, in the query's script and across. */
const nearKeysStatement = (script: Script) => {
  const own = script === 'ar' ? 'ar_key' : 'lat_key';
  const theirs = script === 'ar' ? 'lat_key' : 'ar_key';
  return `select q.key as q, v.${own} as own, v.${theirs} as theirs
       from unnest($1::text[]) q(key)
       cross join lateral (
         select ${own}, ${theirs}, persons from name_variants v
          where v.${own} % q.key
          order by similarity(v.${own}, q.key) desc, v.persons desc
          limit 24) v`;
};
const NEAR_KEYS: Record<Script, string> = {
  ar: nearKeysStatement('ar'),
  lat: nearKeysStatement('lat'),
};

interface Variant {
  own: string;
  theirs: string;
}

/**
 * The vocabulary's near keys of a query key, remembered for a while. The vocabulary gains a
 * row only when a spelling is first written, while looking a key up compares it with every
 * spelling (measured at a million persons: ~0.7 ms of PostgreSQL's CPU per key, two thirds
 * of a search's database time). Persons are always read fresh: what may lag by up to
 * `ttlMs` is only which other spellings a key is near to, and a reader who passes the
 * position of a command's reply gets fresh ones.
 */
export class NearKeys {
  private readonly known = new Map<string, { until: number; variants: Variant[] }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly max = 20_000,
  ) {}

  async lookUp(
    db: Sql,
    script: Script,
    keys: readonly string[],
    fresh: boolean,
  ): Promise<Map<string, Variant[]>> {
    const now = Date.now();
    const found = new Map<string, Variant[]>();
    const missing: string[] = [];
    for (const key of keys) {
      const hit = fresh ? undefined : this.known.get(`${script} ${key}`);
      if (hit && hit.until > now) found.set(key, hit.variants);
      else missing.push(key);
    }
    if (missing.length === 0) return found;
    const looked = await lookUpVariants(db, script, missing);
    for (const [key, variants] of looked) {
      found.set(key, variants);
      const entry = `${script} ${key}`;
      this.known.delete(entry); // re-inserted last: the map's order is the order of expiry
      this.known.set(entry, { until: now + this.ttlMs, variants });
    }
    for (const entry of this.known.keys()) {
      if (this.known.size <= this.max) break;
      this.known.delete(entry);
    }
    return found;
  }
}

async function lookUpVariants(db: Sql, script: Script, keys: readonly string[]) {
  const rows = await db.query<{ q: string; own: string; theirs: string }>(NEAR_KEYS[script], [
    keys,
  ]);
  const variants = new Map<string, Variant[]>(keys.map((k) => [k, []]));
  for (const row of rows) variants.get(row.q)!.push({ own: row.own, theirs: row.theirs });
  return variants;
}

/** The near keys of each query key, in the query's script and across, with their similarity. */
function nearOf(variants: Map<string, Variant[]>): Map<string, Near> {
  const near = new Map<string, Near>();
  for (const [key, list] of variants) {
    const n: Near = { same: new Map([[key, 1]]), across: new Map<string, number>() };
    for (const { own, theirs } of list) {
      const sim = own === key ? 1 : similarity(own, key);
      if (n.same.size < NEAR || n.same.has(own))
        n.same.set(own, Math.max(sim, n.same.get(own) ?? 0));
      if (theirs !== '' && (n.across.size < ACROSS || n.across.has(theirs)))
        n.across.set(theirs, Math.max(sim, n.across.get(theirs) ?? 0));
    }
    near.set(key, n);
  }
  return near;
}

interface Probe {
  script: Script;
  family: string;
  given: string | null;
  sim: number;
}

function probes(query: NameQuery, near: Map<string, Near>): Probe[] {
  const best = new Map<string, Probe>();
  const add = (p: Probe) => {
    const k = `${p.script} ${p.family} ${p.given ?? ''}`;
    if ((best.get(k)?.sim ?? -1) < p.sim) best.set(k, p);
  };
  for (const reading of query.readings) {
    const f = near.get(reading.family)!;
    const g = reading.given === null ? null : near.get(reading.given)!;
    for (const [side, script] of [
      ['same', query.script],
      ['across', other(query.script)],
    ] as const) {
      for (const [family, fs] of f[side]) {
        if (!g) add({ script, family, given: null, sim: fs });
        else
          for (const [given, gs] of g[side])
            add({ script, family, given, sim: Math.sqrt(fs * gs) });
      }
    }
  }
  return [...best.values()].sort((a, b) => b.sim - a.sim).slice(0, PAIRS);
}

const statements = new Map<string, string>();

/**
 * The probes' statement, one text per script and combination of criteria (the same text
 * every time, so that it is prepared once): $1 to $4 the probes, then the years' bounds,
 * then the sex, then how many candidates at most.
 */
function candidatesStatement(script: Script, criteria: SearchCriteria, byYear: boolean): string {
  const withGiven = withFirstNames(criteria.name);
  const bySex = !!criteria.sex;
  const read = {
    date: byYear,
    place: criteria.place !== undefined,
    // A parent's name may be asked in the other script than the person's.
    father: criteria.father?.script,
    mother: criteria.mother?.script,
  };
  const key = `${script} ${+withGiven}${+byYear}${+bySex}${+read.place}${read.father}${read.mother}`;
  const known = statements.get(key);
  if (known) return known;
  const filters: string[] = [];
  if (byYear) filters.push('n.birth_year between $5 and $6');
  if (bySex) filters.push(`(n.sex = $${byYear ? 7 : 5} or n.sex is null)`);
  const where = filters.map((f) => ` and ${f}`).join('');
  const columns = [
    'n.idcs',
    `n.given_${script}_key as given`,
    `n.family_${script}_key as family`,
    ...(bySex ? ['n.sex'] : []),
    ...(read.date ? ['n.birth_date'] : []),
    ...(read.place ? ['n.commune', 'n.province'] : []),
    ...(['father', 'mother'] as const).flatMap((parent) =>
      read[parent]
        ? [
            `n.${parent}_given_${read[parent]}_key as ${parent}_given`,
            `n.${parent}_family_${read[parent]}_key as ${parent}_family`,
          ]
        : [],
    ),
  ].join(', ');
  const probe = (probed: Script) =>
    `(select ${columns} from name_search n
       where p.script = '${probed}'
         and n.family_${probed}_key = p.family${withGiven ? ` and n.given_${probed}_key = p.given` : ''}${where}
       limit ${PER_PAIR})`;
  const text = `select p.script as probe_script, p.sim, n.*
       from unnest($1::text[], $2::text[], $3::text[], $4::real[]) p(script, family, given, sim)
       cross join lateral (
         ${probe('ar')} union all ${probe('lat')}
       ) n
      limit $${5 + (byYear ? 2 : 0) + (bySex ? 1 : 0)}`;
  statements.set(key, text);
  return text;
}

/** What the ranking reads of a candidate, as one string: its columns but the IDCS and probe. */
function rankedAlike(row: CandidateRow, across: number): string {
  let alike = String(across);
  for (const column in row) {
    if (column === 'idcs' || column === 'probe_script' || column === 'sim') continue;
    const value = row[column as keyof CandidateRow];
    alike += value === null ? '\u0000\u0001' : `\u0000${value}`;
  }
  return alike;
}

/**
 * The highest score a person found by a probe of this similarity can have: the name's fit
 * is the probe's (its keys are the person's), and the other criteria may all fit. Another
 * reading of the query could fit the person better through a key outside its NEAR best;
 * such a person is missed as the probes' LIMIT and CANDIDATES already miss some: the
 * search is bounded, not exhaustive (measured: the same replies as reading every probe).
 */
function bestPossible(sim: number, others: boolean): number {
  return Math.round((others ? 0.6 * sim + 0.4 : sim) * 1000) / 1000;
}

/** The score a candidate must pass to enter a reply of `limit` persons (-1: it is not full). */
function lowestKept(best: Map<string, Ranked>, limit: number): number {
  if (best.size < limit) return -1;
  return [...best.values()].map((r) => r.score).sort((a, b) => b - a)[limit - 1]!;
}

export interface SearchOptions {
  /** Near keys remembered across searches; looked up every time without. */
  nearKeys?: NearKeys;
  /** The reader waits for a position: the near keys are looked up afresh. */
  fresh?: boolean;
  /**
   * Answer a name alone from its exact spellings when they fill the reply (true unless
   * false: the tests compare both ways).
   */
  exactFirst?: boolean;
  /** The exact-spelling reads shared by the searches of a turn; a search alone without. */
  exact?: ExactReads;
}

export async function searchPersons(
  db: Sql,
  criteria: SearchCriteria,
  limit: number,
  options: SearchOptions = {},
): Promise<SearchHit[]> {
  if (Object.keys(criteria).length === 1 && options.exactFirst !== false) {
    const exact = await exactBearers(options.exact ?? new ExactReads(db), criteria, limit);
    if (exact) return exact;
  }
  const { name } = criteria;
  const keys = [
    ...new Set(name.readings.flatMap((r) => (r.given ? [r.given, r.family] : [r.family]))),
  ];
  const variants = options.nearKeys
    ? await options.nearKeys.lookUp(db, name.script, keys, options.fresh ?? false)
    : await lookUpVariants(db, name.script, keys);
  const list = probes(name, nearOf(variants));
  const year =
    criteria.birthYear ?? (criteria.birthDate ? Number(criteria.birthDate.slice(0, 4)) : undefined);
  const statement = candidatesStatement(name.script, criteria, year !== undefined);
  const filters = [
    ...(year !== undefined ? [year - 2, year + 2] : []),
    ...(criteria.sex ? [criteria.sex] : []),
  ];
  const others = Object.keys(criteria).length > 1;
  const best = new Map<string, Ranked>();
  const ranks = new Map<string, Ranked>();
  let fetched = 0;
  for (let from = 0; from < list.length && fetched < CANDIDATES;) {
    const round = list.slice(from, from === 0 ? FIRST_ROUND : PAIRS);
    from += round.length;
    const rows = await db.query<CandidateRow>(statement, [
      round.map((p) => p.script),
      round.map((p) => p.family),
      round.map((p) => p.given),
      round.map((p) => p.sim),
      ...filters,
      CANDIDATES - fetched,
    ]);
    fetched += rows.length;
    for (const row of rows) {
      // Found through the other script: near, but not as the query spells it.
      const across = row.probe_script === name.script ? 0 : ACROSS_WEIGHT * row.sim;
      // Candidates alike in all the ranking reads (a name's bearers, for a name alone) are
      // ranked once: the trigram comparisons were a tenth of a search's time.
      const alike = rankedAlike(row, across);
      let ranked = ranks.get(alike);
      if (!ranked) ranks.set(alike, (ranked = rank(criteria, keysOf(row, criteria), across)));
      const seen = best.get(row.idcs);
      if (!seen || seen.score < ranked.score) best.set(row.idcs, ranked);
    }
    // The probes left are worse: stop when none of their persons could enter the reply.
    if (from < list.length && lowestKept(best, limit) > bestPossible(list[from]!.sim, others))
      break;
  }
  const kept = [...best]
    .sort(([a, x], [b, y]) => y.score - x.score || (a < b ? -1 : 1))
    .slice(0, limit);
  if (kept.length === 0) return [];
  const shown = new Map(
    (await db.query<ShownRow>(SHOWN_STATEMENT, [kept.map(([idcs]) => idcs)])).map((r) => [
      r.idcs,
      r,
    ]),
  );
  // A person whose act was annulled between the two statements has left the index.
  return kept.flatMap(([idcs, ranked]) => {
    const row = shown.get(idcs);
    return row ? [hit(row, ranked)] : [];
  });
}

export interface DuplicateCandidate {
  score: number;
  matched: string[];
  persons: [DuplicatePerson, DuplicatePerson];
}

export interface DuplicatePerson {
  idcs: string;
  office: string;
  name: SearchHit['name'];
  sex: string | null;
  birthDate: string | null;
}

/** Suspected duplicates, best first: of one office (either act), or of all offices. */
export async function duplicateCandidates(
  db: Sql,
  options: { office?: string; minScore: number; limit: number },
): Promise<DuplicateCandidate[]> {
  const person = (alias: 'a' | 'b') =>
    ['idcs', 'office', 'given_ar', 'given_lat', 'family_ar', 'family_lat', 'sex', 'birth_date']
      .map((c) => `${alias}.${c} as ${alias}_${c}`)
      .join(', ');
  const pairs = `select * from duplicate_candidates d where d.score >= $1`;
  const source = options.office
    ? `(${pairs} and d.office_a = $3 union ${pairs} and d.office_b = $3)`
    : `(${pairs})`;
  const rows = await db.query<Record<string, string | null> & { score: number; matched: string[] }>(
    `select d.score, d.matched, ${person('a')}, ${person('b')}
       from ${source} d
       join name_search a on a.idcs = d.idcs_a
       join name_search b on b.idcs = d.idcs_b
      order by d.score desc, d.idcs_a, d.idcs_b
      limit $2`,
    options.office
      ? [options.minScore, options.limit, options.office]
      : [options.minScore, options.limit],
  );
  const toPerson = (r: Record<string, unknown>, alias: 'a' | 'b'): DuplicatePerson => {
    const v = (c: string) => (r[`${alias}_${c}`] as string | null) ?? null;
    return {
      idcs: v('idcs')!,
      office: v('office')!,
      name: {
        given: written(v('given_ar'), v('given_lat')),
        family: written(v('family_ar'), v('family_lat')),
      },
      sex: v('sex'),
      birthDate: v('birth_date'),
    };
  };
  return rows.map((r) => ({
    score: Number(r.score),
    matched: r.matched,
    persons: [toPerson(r, 'a'), toPerson(r, 'b')],
  }));
}
