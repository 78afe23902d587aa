/**
 * Reading the name index: a fuzzy name search with bounded work, and the duplicate
 * candidates of an office.
 *
 * A search costs two statements whatever the register's size:
 * 1. each key the query can be cut into is looked up in the vocabulary (name_variants, a
 *    few rows per distinct spelling, not per person) through its trigram index, giving
 *    the near keys in the query's script and the keys written with them in the other;
 * 2. each (family key, first-name key) pair, best first and at most PAIRS of them, probes
 *    the persons' b-tree with its own LIMIT, and the whole answer stops at CANDIDATES.
 * The candidates are ranked in src/domain/names/search.ts.
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
import { personKeys } from './pairs';
import { COLUMNS, type IndexRow } from './rows';

/** Near keys kept per query key, in its own script and across. */
const NEAR = 6;
const ACROSS = 3;
/** Probes per search, persons per probe, candidates in all. */
const PAIRS = 48;
const PER_PAIR = 40;
const CANDIDATES = 800;
const ACROSS_WEIGHT = 0.9;

/**
 * Columns the ranking reads only when the query names a parent, and one it never reads: a
 * search leaves them null rather than carry them for every candidate (hundreds per search
 * at a million persons) when it keeps twenty.
 */
const PARENT_KEYS = [
  'father_given_ar_key',
  'father_given_lat_key',
  'father_family_ar_key',
  'father_family_lat_key',
  'mother_given_ar_key',
  'mother_given_lat_key',
  'mother_family_ar_key',
  'mother_family_lat_key',
] as const satisfies readonly (keyof IndexRow)[];
const UNREAD = { siblings: 'text[]' } as const satisfies Partial<Record<keyof IndexRow, string>>;

/** The candidates' columns, as the probes select them and as the statement returns them. */
function candidateColumns(withParents: boolean) {
  const left = new Set<string>([...(withParents ? [] : PARENT_KEYS), ...Object.keys(UNREAD)]);
  const read = COLUMNS.filter((c) => !left.has(c));
  const type = (c: string) => (UNREAD as Record<string, string>)[c] ?? 'text';
  return {
    probe: read.map((c) => `n.${c}`).join(', '),
    result: [
      ...read.map((c) => `n.${c}`),
      ...COLUMNS.filter((c) => left.has(c)).map((c) => `null::${type(c)} as ${c}`),
    ].join(', '),
  };
}

export interface SearchHit {
  idcs: string;
  score: number;
  matched: Ranked['matched'];
  status: string;
  name: {
    given: { ar?: string; lat?: string };
    family: { ar?: string; lat?: string };
  };
  sex: string | null;
  birthDate: string | null;
  birthPlace: { commune: string | null; province: string | null };
  office: string;
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
  return `select q.key as q, v.${own} as own, v.${theirs} as theirs, v.persons
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

async function nearKeys(db: Sql, script: Script, keys: readonly string[]) {
  const rows = await db.query<{ q: string; own: string; theirs: string; persons: number }>(
    NEAR_KEYS[script],
    [keys],
  );
  const near = new Map<string, Near>(
    keys.map((k) => [k, { same: new Map([[k, 1]]), across: new Map<string, number>() }]),
  );
  for (const row of rows) {
    const n = near.get(row.q)!;
    const sim = row.own === row.q ? 1 : similarity(row.own, row.q);
    if (n.same.size < NEAR || n.same.has(row.own))
      n.same.set(row.own, Math.max(sim, n.same.get(row.own) ?? 0));
    if (row.theirs !== '' && (n.across.size < ACROSS || n.across.has(row.theirs)))
      n.across.set(row.theirs, Math.max(sim, n.across.get(row.theirs) ?? 0));
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
 * The probes' statement, one text per combination of filters (the same text every time, so
 * that it is prepared once): $1 to $4 the probes, then the years' bounds, then the sex.
 */
function candidatesStatement(byYear: boolean, bySex: boolean, withParents: boolean): string {
  const key = `${+byYear}${+bySex}${+withParents}`;
  const known = statements.get(key);
  if (known) return known;
  const filters: string[] = [];
  if (byYear) filters.push('n.birth_year between $5 and $6');
  if (bySex) filters.push(`(n.sex = $${byYear ? 7 : 5} or n.sex is null)`);
  const where = filters.map((f) => ` and ${f}`).join('');
  const columns = candidateColumns(withParents);
  const probe = (script: Script, withGiven: boolean) =>
    `(select ${columns.probe} from name_search n
       where p.script = '${script}' and p.given is ${withGiven ? 'not ' : ''}null
         and n.family_${script}_key = p.family${withGiven ? ` and n.given_${script}_key = p.given` : ''}${where}
       limit ${PER_PAIR})`;
  const text = `select p.script as probe_script, p.sim, ${columns.result}
       from unnest($1::text[], $2::text[], $3::text[], $4::real[]) p(script, family, given, sim)
       cross join lateral (
         ${probe('ar', true)} union all ${probe('lat', true)}
         union all ${probe('ar', false)} union all ${probe('lat', false)}
       ) n
      limit ${CANDIDATES}`;
  statements.set(key, text);
  return text;
}

export async function searchPersons(
  db: Sql,
  criteria: SearchCriteria,
  limit: number,
): Promise<SearchHit[]> {
  const { name } = criteria;
  const keys = [
    ...new Set(name.readings.flatMap((r) => (r.given ? [r.given, r.family] : [r.family]))),
  ];
  const list = probes(name, await nearKeys(db, name.script, keys));
  const params: unknown[] = [
    list.map((p) => p.script),
    list.map((p) => p.family),
    list.map((p) => p.given),
    list.map((p) => p.sim),
  ];
  const year =
    criteria.birthYear ?? (criteria.birthDate ? Number(criteria.birthDate.slice(0, 4)) : undefined);
  if (year !== undefined) params.push(year - 2, year + 2);
  if (criteria.sex) params.push(criteria.sex);
  const rows = await db.query<IndexRow & { probe_script: Script; sim: number }>(
    candidatesStatement(year !== undefined, !!criteria.sex, !!(criteria.father || criteria.mother)),
    params,
  );
  const hits = new Map<string, SearchHit>();
  for (const row of rows) {
    // Found through the other script: near, but not as the query spells it.
    const across = row.probe_script === name.script ? 0 : ACROSS_WEIGHT * row.sim;
    const ranked = rank(criteria, personKeys(row), across);
    const seen = hits.get(row.idcs);
    if (seen && seen.score >= ranked.score) continue;
    hits.set(row.idcs, hit(row, ranked));
  }
  return [...hits.values()]
    .sort((a, b) => b.score - a.score || (a.idcs < b.idcs ? -1 : 1))
    .slice(0, limit);
}

const written = (ar: string | null, lat: string | null) => ({
  ...(ar !== null && { ar }),
  ...(lat !== null && { lat }),
});

function hit(row: IndexRow, ranked: Ranked): SearchHit {
  return {
    idcs: row.idcs,
    score: ranked.score,
    matched: ranked.matched,
    status: row.status,
    name: {
      given: written(row.given_ar, row.given_lat),
      family: written(row.family_ar, row.family_lat),
    },
    sex: row.sex,
    birthDate: row.birth_date,
    birthPlace: { commune: row.commune, province: row.province },
    office: row.office,
  };
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
