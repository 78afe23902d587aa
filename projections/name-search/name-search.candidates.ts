/**
 * The duplicate candidates of a finished name index, found in one sorted pass over the
 * table instead of one block lookup per person. The persons who can share a block are
 * streamed through a cursor in groups; each group is cut into the same exact blocks the
 * incremental `apply` looks up (same family-name key with the same year of birth and
 * first-name key, or with the same full date of birth, in either script), and every pair
 * of a block is scored with the same `scorePair`. Memory holds one group at a time.
 *
 * The groups: persons linked by a family-name key in either script (Arabic العلوي written
 * with Latin Alaoui or El Alaoui, Latin-only acts with the same Latin key) form one group,
 * so every kind of block is found in one pass. The links are known before the pass: the
 * rebuild counts the (Arabic, Latin) family keys of the rows it writes. If chained
 * spellings ever made a group too large to hold, two passes are made instead, by Arabic
 * family key, then by Latin.
 *
 * A pair sharing several blocks (the Arabic and the Latin block, usually) is scored in the
 * first of them only, by the order of KINDS: whether an earlier kind joins the pair is read
 * from the two rows.
 *
 * BLOCK_LIMIT: in a block of more than BLOCK_LIMIT + 1 persons, the incremental `apply`
 * compares each re-scored person with whichever BLOCK_LIMIT others the index gives first,
 * an order no rebuild can reproduce. Here each person is compared with the first
 * BLOCK_LIMIT others by idcs, which keeps the pairs whose first person is among the
 * block's first BLOCK_LIMIT. Blocks that small, the only ones a register has, give exactly
 * the incremental pairs.
 */
import type { PersonKeys } from '../../src/domain/names';
import type { Transaction } from '../../src/eventstore/db';
import { pairLine } from './name-search.copy';
import { BLOCK_LIMIT, duplicatePair, personKeys, SCORED_COLUMNS, type ScoredRow } from './pairs';
import type { KeyPairCounts } from './rows';

type Script = 'ar' | 'lat';

interface Kind {
  script: Script;
  /** A first-name key and a year of birth, or a full date of birth (besides the family). */
  on: 'given' | 'day';
}

/** The blocks, in the order a pair found in several is scored: in the first. */
const KINDS: readonly Kind[] = [
  { script: 'ar', on: 'given' },
  { script: 'ar', on: 'day' },
  { script: 'lat', on: 'given' },
  { script: 'lat', on: 'day' },
];

const family = (s: Script, r: ScoredRow) => (s === 'ar' ? r.family_ar_key : r.family_lat_key);
const given = (s: Script, r: ScoredRow) => (s === 'ar' ? r.given_ar_key : r.given_lat_key);
/** A full date of birth, the only kind that makes a block (YYYY and YYYY-MM do not). */
const day = (r: ScoredRow) => (r.birth_date?.length === 10 ? r.birth_date : null);

function push<K>(map: Map<K, Member[]>, key: K, member: Member): void {
  const block = map.get(key);
  if (block) block.push(member);
  else map.set(key, [member]);
}

function inner<K, V>(map: Map<K, Map<string | number, V>>, key: K): Map<string | number, V> {
  let found = map.get(key);
  if (found === undefined) map.set(key, (found = new Map<string | number, V>()));
  return found;
}

/**
 * The blocks (of two persons or more) of one kind among some persons, who have a year of
 * birth. Nested maps, not composite keys: no string is made per person.
 */
function blocksOf(kind: Kind, members: readonly Member[]): Member[][] {
  const blocks: Member[][] = [];
  const keep = (block: Member[]) => {
    if (block.length > 1) blocks.push(block);
  };
  if (kind.on === 'day') {
    const byFamily = new Map<string, Map<string | number, Member[]>>();
    for (const member of members) {
      const f = family(kind.script, member.row);
      const d = day(member.row);
      if (f !== null && d !== null) push(inner(byFamily, f), d, member);
    }
    for (const byDay of byFamily.values()) for (const block of byDay.values()) keep(block);
    return blocks;
  }
  const byFamily = new Map<string, Map<string | number, Map<string | number, Member[]>>>();
  for (const member of members) {
    const f = family(kind.script, member.row);
    const g = given(kind.script, member.row);
    if (f !== null && g !== null)
      push(inner(inner(byFamily, f), member.row.birth_year!), g, member);
  }
  for (const byYear of byFamily.values())
    for (const byGiven of byYear.values()) for (const block of byGiven.values()) keep(block);
  return blocks;
}

/** Whether two persons (both with a year of birth) share a block of this kind. */
function joins(kind: Kind, x: ScoredRow, y: ScoredRow): boolean {
  const f = family(kind.script, x);
  if (f === null || f !== family(kind.script, y)) return false;
  if (kind.on === 'day') return day(x) !== null && day(x) === day(y);
  const g = given(kind.script, x);
  return g !== null && g === given(kind.script, y) && x.birth_year === y.birth_year;
}

// Each row travels as one text field, far cheaper to receive than twenty columns; its
// fields in the order `parse` reads them. Keys, codes and identifiers hold no control
// characters (a row that did would fail loudly: `parse` counts the fields).
const SEPARATOR = '\u001f';
const NULL = '\u001e';
/** The scored columns that may be null, in the order of SCORED_COLUMNS (`parse` relies on it). */
const FIXED: readonly string[] = ['idcs', 'office', 'birth_year', 'siblings'];
const NULLABLE = SCORED_COLUMNS.filter((c) => !FIXED.includes(c));
const LINE = `concat_ws(E'\\x1f', n.idcs, n.office, n.birth_year::text, ${NULLABLE.map(
  (c) => `coalesce(n.${c}, E'\\x1e')`,
).join(', ')}, coalesce(array_to_string(n.siblings, ','), E'\\x1e'))`;

const text = (value: string): string | null => (value === NULL ? null : value);

/** A row as LINE writes it (the persons read have a year of birth). */
export function parse(line: string): ScoredRow {
  const f = line.split(SEPARATOR);
  if (f.length !== NULLABLE.length + 4)
    throw new Error(`name-search rebuild: a scored row has ${f.length} fields: ${line}`);
  const siblings = f[NULLABLE.length + 3]!;
  return {
    idcs: f[0]!,
    office: f[1]!,
    birth_year: Number(f[2]),
    given_ar_key: text(f[3]!),
    given_lat_key: text(f[4]!),
    family_ar_key: text(f[5]!),
    family_lat_key: text(f[6]!),
    sex: text(f[7]!),
    birth_date: text(f[8]!),
    commune: text(f[9]!),
    province: text(f[10]!),
    father_given_ar_key: text(f[11]!),
    father_given_lat_key: text(f[12]!),
    father_family_ar_key: text(f[13]!),
    father_family_lat_key: text(f[14]!),
    mother_given_ar_key: text(f[15]!),
    mother_given_lat_key: text(f[16]!),
    mother_family_ar_key: text(f[17]!),
    mother_family_lat_key: text(f[18]!),
    siblings: siblings === NULL ? null : siblings === '' ? [] : siblings.split(','),
  };
}

/**
 * The groups of persons linked by a family key in either script: a union-find over the
 * (Arabic, Latin) family keys the rows write ('' for a missing one), each pair with its
 * group, and how many rows the largest group holds.
 */
export function linkFamilies(families: Iterable<[ar: string, lat: string, rows: number]>): {
  ar: string[];
  lat: string[];
  group: number[];
  largest: number;
} {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let at = x; at !== root;) {
      const next = parent.get(at)!;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  const node = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
    return find(x);
  };
  const pairs = [...families].filter(([ar, lat]) => ar !== '' || lat !== '');
  const nodes = pairs.map(([ar, lat]) => {
    const a = ar === '' ? null : node(`a ${ar}`);
    const l = lat === '' ? null : node(`l ${lat}`);
    if (a !== null && l !== null) parent.set(a, l);
    return (a ?? l)!;
  });
  const ids = new Map<string, number>();
  const rows: number[] = [];
  const group = nodes.map((x, i) => {
    const root = find(x);
    let id = ids.get(root);
    if (id === undefined) ids.set(root, (id = ids.size));
    rows[id] = (rows[id] ?? 0) + pairs[i]![2];
    return id;
  });
  return {
    ar: pairs.map((p) => p[0]),
    lat: pairs.map((p) => p[1]),
    group,
    largest: rows.reduce((max, n) => Math.max(max, n), 0),
  };
}

/**
 * Above this many persons in one group, two passes (by script) instead of one: what one
 * group holds in memory (about a kilobyte a person).
 */
const GROUP_LIMIT = 500_000;
/** Groups fetched per round trip. */
const FETCH = 4;

export interface SearchLimits {
  /** Others compared with each person of a block: BLOCK_LIMIT. */
  block: number;
  /** Persons in one group, above which the search makes a pass per script. */
  group: number;
}

/** A person as a block holds it: the row, and what the score reads of it, made once. */
interface Member {
  row: ScoredRow;
  keys: PersonKeys | null;
}

export class CandidateSearch {
  /** The COPY lines of the pairs kept (few: most block mates are namesakes). */
  private readonly lines: string[] = [];

  /**
   * `families`: how many rows of the table write each pair of family keys. `limits`: other
   * than BLOCK_LIMIT and GROUP_LIMIT in tests only.
   */
  constructor(
    private readonly families: KeyPairCounts,
    private readonly limits: SearchLimits = { block: BLOCK_LIMIT, group: GROUP_LIMIT },
  ) {}

  /** Finds and scores every block's pairs; returns the pairs kept, as COPY lines. */
  async run(tx: Transaction): Promise<string[]> {
    // A group is aggregated from the persons sorted by group, never in a hash table of all
    // groups at once; the sort has room in memory at this size.
    await tx.exec(`set local work_mem = '256MB'; set local enable_hashagg = off`);
    const { ar, lat, group, largest } = linkFamilies(this.families.entries());
    if (largest <= this.limits.group) {
      await this.pass(
        tx,
        `select string_agg(${LINE}, E'\\n') as lines
           from name_search n
           join unnest($1::text[], $2::text[], $3::int[]) g(ar, lat, id)
             on g.ar collate "C" = coalesce(n.family_ar_key, '')
            and g.lat collate "C" = coalesce(n.family_lat_key, '')
          where n.birth_year is not null
          group by g.id`,
        [ar, lat, group],
        KINDS,
      );
      return this.lines;
    }
    for (const script of ['ar', 'lat'] as const)
      await this.pass(
        tx,
        `select string_agg(${LINE}, E'\\n') as lines from name_search n
          where n.family_${script}_key is not null and n.birth_year is not null
          group by n.family_${script}_key`,
        [],
        KINDS.filter((k) => k.script === script),
      );
    return this.lines;
  }

  /** Streams `query`'s groups (lines: the persons, one a line), scoring each one's blocks. */
  private async pass(
    tx: Transaction,
    query: string,
    params: unknown[],
    kinds: readonly Kind[],
  ): Promise<void> {
    // A cursor takes no parameters through the simple protocol: a prepared one does.
    await tx.query(`declare name_search_blocks no scroll cursor for ${query}`, params);
    for (;;) {
      const groups = await tx.query<{ lines: string }>(
        `fetch forward ${FETCH} from name_search_blocks`,
      );
      for (const { lines } of groups)
        this.group(
          lines.split('\n').map((line) => ({ row: parse(line), keys: null })),
          kinds,
        );
      if (groups.length < FETCH) break;
    }
    await tx.exec('close name_search_blocks');
  }

  /** One group's persons, cut into blocks of each kind. */
  private group(members: readonly Member[], kinds: readonly Kind[]): void {
    if (members.length < 2) return;
    for (const kind of kinds) {
      const k = KINDS.indexOf(kind);
      for (const block of blocksOf(kind, members)) this.block(k, block);
    }
  }

  private block(kind: number, block: Member[]): void {
    // Which persons are first matters only to a block that the limit cuts.
    const limit = this.limits.block;
    if (block.length > limit + 1) block.sort(byIdcs);
    const firsts = Math.min(block.length - 1, limit);
    for (let i = 0; i < firsts; i++) {
      const x = block[i]!;
      for (let j = i + 1; j < block.length; j++) {
        const y = block[j]!;
        if (scoredBefore(kind, x.row, y.row)) continue;
        x.keys ??= personKeys(x.row);
        y.keys ??= personKeys(y.row);
        const pair = duplicatePair(x.row, y.row, x.keys, y.keys);
        if (pair) this.lines.push(pairLine(pair));
      }
    }
  }
}

function scoredBefore(kind: number, x: ScoredRow, y: ScoredRow): boolean {
  for (let k = 0; k < kind; k++) if (joins(KINDS[k]!, x, y)) return true;
  return false;
}

const byIdcs = (a: Member, b: Member) =>
  a.row.idcs < b.row.idcs ? -1 : a.row.idcs > b.row.idcs ? 1 : 0;
