/**
 * The family views, read from the family-links tables only. A person's family view is one
 * stored document (family-links.documents.ts), read by its key. The other views start
 * from one person's key and follow indexed edges (child → parent by primary key, parent →
 * child by `family_parent_parent`, spouses by `family_marriage_husband/_wife`), with a
 * bound on every list, so a view costs the same at ten thousand persons as at ten million.
 * Each view returns the IDCS of every person whose data it holds, for the access log.
 */
import type { LegalBasis } from '../../src/domain';
import type { Sql } from '../../src/eventstore/db';
import { PointReads } from '../../src/infrastructure/point-reads';
import type {
  EstablishedBy,
  FamilyKafalaRow,
  FamilyMarriageRow,
  FamilyPersonRow,
  ParentRole,
} from './family-links.entity';
import { MARRIAGE_COLUMNS, MAX_CHILDREN, PERSON_COLUMNS, VIEWS } from './family-links.documents';
import { kinshipBetween, siblingsOf, type AncestorPath, type Siblings } from './kinship';
import {
  byBirth,
  endOf,
  nameOf,
  type AncestorView,
  type BookletResult,
  type BookletView,
  type DescendantView,
  type FamilyView,
  type KafalaView,
  type KinshipView,
  type NameColumns,
  type ParentView,
  type PersonFacts,
  type SpouseView,
  type Viewed,
} from './family-links.views';

export const MAX_DESCENDANTS = 5000;

const PERSONS = `select ${PERSON_COLUMNS} from family_person where idcs = any($1::text[])`;

/** A person's family document (family-links.documents.ts). */
interface FamilyRow {
  parents: (NameColumns & {
    role: ParentRole;
    parent: string | null;
    establishedBy: EstablishedBy;
    legalBasis: LegalBasis | null;
  })[];
  children: {
    child: string;
    role: ParentRole;
    establishedBy: EstablishedBy;
    other: string | null;
  }[];
  marriages: FamilyMarriageRow[];
  siblings: { idcs: string; father: string | null; mother: string | null }[];
  guardians: FamilyKafalaRow[];
  wards: FamilyKafalaRow[];
  persons: FamilyPersonRow[];
}

const notRegistered = (idcs: string): PersonFacts => ({
  idcs,
  name: null,
  sex: null,
  birthDate: null,
  deathDate: null,
  status: 'not-registered',
});

/** Rows of family_person as facts, by IDCS; each of `ids` without a row is not registered. */
function factsOf(rows: readonly FamilyPersonRow[], ids: readonly string[]) {
  const found = new Map(
    rows.map((r): [string, PersonFacts] => [
      r.idcs,
      {
        idcs: r.idcs,
        name: nameOf(r),
        sex: r.sex,
        birthDate: r.birthDate,
        deathDate: r.deathDate,
        status: r.status,
      },
    ]),
  );
  for (const idcs of ids) if (!found.has(idcs)) found.set(idcs, notRegistered(idcs));
  return found;
}

/** The persons a view holds, each once, in order of appearance. */
class Seen {
  private readonly ids = new Set<string>();
  add(idcs: string | null | undefined): void {
    if (idcs) this.ids.add(idcs);
  }
  get list(): string[] {
    return [...this.ids];
  }
}

export class FamilyQueries {
  /** The family documents asked for in one turn of the event loop, read by one statement. */
  private readonly families = new PointReads(async (ids) => {
    const rows = await this.sql.query<{
      idcs: string;
      view: Omit<FamilyRow, 'persons'>;
      persons: FamilyPersonRow[];
    }>(VIEWS, [ids]);
    return new Map(
      rows.map((r): [string, FamilyRow] => [r.idcs, { ...r.view, persons: r.persons }]),
    );
  });

  constructor(private readonly sql: Pick<Sql, 'query'>) {}

  /** The facts of each person, by IDCS; missing ones come back 'not-registered'. */
  async persons(ids: readonly string[]): Promise<Map<string, PersonFacts>> {
    const unique = [...new Set(ids)];
    const rows =
      unique.length === 0 ? [] : await this.sql.query<FamilyPersonRow>(PERSONS, [unique]);
    return factsOf(rows, unique);
  }

  async exists(idcs: string): Promise<boolean> {
    const rows = await this.sql.query('select 1 from family_person where idcs = $1', [idcs]);
    return rows.length > 0;
  }

  async family(idcs: string): Promise<Viewed<FamilyView> | null> {
    const row = await this.families.get(idcs);
    if (!row?.persons.some((p) => p.idcs === idcs)) return null;
    const father = row.parents.find((p) => p.role === 'father') ?? null;
    const mother = row.parents.find((p) => p.role === 'mother') ?? null;
    const siblings = siblingsOf(
      { idcs, father: father?.parent ?? null, mother: mother?.parent ?? null },
      row.siblings,
    );
    const facts = factsOf(row.persons, []);
    // Linked by an act, but without a record in the register.
    const fact = (id: string) => facts.get(id) ?? notRegistered(id);
    const parent = (p: typeof father): ParentView | null =>
      p && {
        role: p.role,
        person: p.parent === null ? null : fact(p.parent),
        nameOnAct: nameOf(p),
        establishedBy: p.establishedBy,
        legalBasis: p.legalBasis,
      };
    const spouse = (m: FamilyMarriageRow): SpouseView => ({
      person: fact(m.husband === idcs ? m.wife : m.husband),
      marriageId: m.marriageId,
      married: { on: m.marriedOn, contract: m.contract },
      ended: endOf(m),
    });
    const marriages = [...row.marriages].sort((a, b) => a.marriedOn.localeCompare(b.marriedOn));
    const sibling = (list: Siblings['full']) =>
      list
        .map((s) => ({ person: fact(s.idcs), otherParentIdentified: s.otherParentIdentified }))
        .sort((a, b) => byBirth(a.person, b.person));
    const kafala = (k: FamilyKafalaRow, person: string | null): KafalaView => ({
      person: person === null ? null : fact(person),
      guardianRole: k.guardianRole,
      guardianName: k.guardianName,
      institution: k.institution,
      since: k.since,
      judgment: k.judgment,
      ended: k.endedOn === null ? null : { on: k.endedOn, reason: k.endReason },
    });
    const view: FamilyView = {
      person: fact(idcs),
      parents: { father: parent(father), mother: parent(mother) },
      children: row.children
        .map((c) => ({
          person: fact(c.child),
          as: c.role,
          establishedBy: c.establishedBy,
          otherParent: c.other,
        }))
        .sort((a, b) => byBirth(a.person, b.person)),
      spouses: {
        current: marriages.filter((m) => m.endedOn === null).map(spouse),
        former: marriages.filter((m) => m.endedOn !== null).map(spouse),
      },
      siblings: {
        full: sibling(siblings.full),
        paternalHalf: sibling(siblings.paternalHalf),
        maternalHalf: sibling(siblings.maternalHalf),
      },
      kafala: {
        guardians: row.guardians.map((k) => kafala(k, k.guardian)),
        wards: row.wards.map((k) => kafala(k, k.child)),
      },
    };
    const seen = new Seen();
    for (const id of [
      idcs,
      ...row.parents.map((p) => p.parent),
      ...view.children.flatMap((c) => [c.person.idcs, c.otherParent]),
      ...[...view.spouses.current, ...view.spouses.former].map((s) => s.person.idcs),
      ...[...view.siblings.full, ...view.siblings.paternalHalf, ...view.siblings.maternalHalf].map(
        (s) => s.person.idcs,
      ),
      ...[...view.kafala.guardians, ...view.kafala.wards].map((k) => k.person?.idcs),
    ])
      seen.add(id);
    return { view, persons: seen.list };
  }

  async ancestors(
    idcs: string,
    depth: number,
  ): Promise<Viewed<{ person: PersonFacts; depth: number; ancestors: AncestorView[] }> | null> {
    if (!(await this.exists(idcs))) return null;
    // Each row is one F/M line from the person, so there are at most 2^(depth+1) of them.
    const rows = await this.sql.query<
      NameColumns & {
        child: string;
        role: ParentRole;
        parent: string | null;
        establishedBy: EstablishedBy;
        generation: number;
        line: string;
      }
    >(
      `with recursive up as (
         select p.child, p.role, p.parent, p.given_ar, p.given_lat, p.family_ar, p.family_lat,
                p.established_by, 1 as generation,
                (case p.role when 'father' then 'F' else 'M' end)::text as line,
                array[p.child] as path
           from family_parent p where p.child = $1
         union all
         select p.child, p.role, p.parent, p.given_ar, p.given_lat, p.family_ar, p.family_lat,
                p.established_by, u.generation + 1,
                u.line || case p.role when 'father' then 'F' else 'M' end,
                u.path || p.child
           from up u join family_parent p on p.child = u.parent
          where u.generation < $2 and p.child <> all(u.path))
       select child, role, parent, given_ar as "givenAr", given_lat as "givenLat",
              family_ar as "familyAr", family_lat as "familyLat",
              established_by as "establishedBy", generation, line
         from up order by generation, line`,
      [idcs, depth],
    );
    const facts = await this.persons([
      idcs,
      ...rows.map((r) => r.parent).filter((x): x is string => x !== null),
    ]);
    const seen = new Seen();
    seen.add(idcs);
    const ancestors = rows.map((r): AncestorView => {
      seen.add(r.parent);
      return {
        generation: Number(r.generation),
        line: r.line,
        role: r.role,
        of: r.child,
        person: r.parent === null ? null : facts.get(r.parent)!,
        nameOnAct: nameOf(r),
        establishedBy: r.establishedBy,
      };
    });
    return { view: { person: facts.get(idcs)!, depth, ancestors }, persons: seen.list };
  }

  async descendants(
    idcs: string,
    depth: number,
  ): Promise<Viewed<{
    person: PersonFacts;
    depth: number;
    descendants: DescendantView[];
    truncated: boolean;
  }> | null> {
    if (!(await this.exists(idcs))) return null;
    // Breadth first: the limit keeps the nearest generations when a line is very large.
    const rows = await this.sql.query<{
      child: string;
      parent: string;
      role: ParentRole;
      generation: number;
    }>(
      `with recursive down as (
         select p.child, p.parent, p.role, 1 as generation, array[p.parent, p.child] as path
           from family_parent p where p.parent = $1
         union all
         select p.child, p.parent, p.role, d.generation + 1, d.path || p.child
           from down d join family_parent p on p.parent = d.child
          where d.generation < $2 and p.child <> all(d.path))
       select child, parent, role, generation from down limit $3`,
      [idcs, depth, MAX_DESCENDANTS + 1],
    );
    const truncated = rows.length > MAX_DESCENDANTS;
    const first = new Map<string, (typeof rows)[number]>();
    for (const r of rows.slice(0, MAX_DESCENDANTS)) {
      const known = first.get(r.child);
      if (!known || Number(r.generation) < Number(known.generation)) first.set(r.child, r);
    }
    const facts = await this.persons([idcs, ...first.keys()]);
    const descendants = [...first.values()]
      .map((r) => ({
        generation: Number(r.generation),
        person: facts.get(r.child)!,
        of: r.parent,
        as: r.role,
      }))
      .sort((a, b) => a.generation - b.generation || byBirth(a.person, b.person));
    return {
      view: { person: facts.get(idcs)!, depth, descendants, truncated },
      persons: [idcs, ...first.keys()],
    };
  }

  private async marriagesOf(idcs: string): Promise<FamilyMarriageRow[]> {
    const rows = await this.sql.query<FamilyMarriageRow>(
      `select ${MARRIAGE_COLUMNS} from family_marriage where husband = $1
       union all
       select ${MARRIAGE_COLUMNS} from family_marriage where wife = $1`,
      [idcs],
    );
    return rows.sort((a, b) => a.marriedOn.localeCompare(b.marriedOn));
  }

  /**
   * The family booklet, issued in the husband's name. For a wife: her current husband's,
   * or, for a widow whose last marriage ended with her husband's death, his (the booklet
   * stays with the family). A divorced or never-married woman, and a man never married,
   * have none.
   */
  async booklet(idcs: string): Promise<BookletResult> {
    if (!(await this.exists(idcs))) return { kind: 'unknown-person' };
    const own = await this.marriagesOf(idcs);
    let holder = idcs;
    let marriages = own.filter((m) => m.husband === idcs);
    if (marriages.length === 0) {
      const asWife = own.filter((m) => m.wife === idcs);
      const last = asWife[asWife.length - 1];
      if (!last)
        return {
          kind: 'no-booklet',
          reason: `person ${idcs} has never been married: a family booklet is issued at a marriage, in the husband’s name`,
        };
      const current = asWife.find((m) => m.endedOn === null);
      const booklet = current ?? (last.endedBy === 'death' ? last : undefined);
      if (!booklet)
        return {
          kind: 'no-booklet',
          reason: `person ${idcs} has no current husband (the last marriage ended by divorce): the family booklet is issued in the husband’s name; her family view lists her former marriages`,
        };
      holder = booklet.husband;
      marriages = await this.marriagesOf(holder).then((all) =>
        all.filter((m) => m.husband === holder),
      );
    }
    const children = await this.sql.query<{ child: string; mother: string | null }>(
      `select c.child, m.parent as mother
         from family_parent c
         left join family_parent m on m.child = c.child and m.role = 'mother'
        where c.parent = $1 and c.role = 'father'
        limit ${MAX_CHILDREN}`,
      [holder],
    );
    const wives = new Set(marriages.map((m) => m.wife));
    const inBooklet = children.filter((c) => c.mother !== null && wives.has(c.mother));
    const facts = await this.persons([holder, ...wives, ...inBooklet.map((c) => c.child)]);
    const view: BookletView = {
      holder: facts.get(holder)!,
      wives: marriages.map((m) => ({
        person: facts.get(m.wife)!,
        marriageId: m.marriageId,
        married: { on: m.marriedOn, contract: m.contract },
        ended: endOf(m),
        children: inBooklet
          .filter((c) => c.mother === m.wife)
          .map((c) => facts.get(c.child)!)
          .sort(byBirth),
      })),
    };
    const seen = new Seen();
    seen.add(holder);
    for (const w of view.wives) {
      seen.add(w.person.idcs);
      for (const c of w.children) seen.add(c.idcs);
    }
    return { kind: 'booklet', view, persons: seen.list };
  }

  async kinship(idcs: string, other: string, depth: number): Promise<Viewed<KinshipView> | null> {
    const known = await this.sql.query<{ idcs: string }>(
      'select idcs from family_person where idcs = any($1::text[])',
      [[idcs, other]],
    );
    if (new Set(known.map((k) => k.idcs)).size < new Set([idcs, other]).size) return null;
    // Each row is one F/M line from one of the two persons: at most 2 × 2^(depth+1).
    const paths = await this.sql.query<AncestorPath>(
      `with recursive up(origin, idcs, generation, path, line) as (
         select o, o, 0, array[o], ''::text from unnest($1::text[]) as o
         union all
         select u.origin, p.parent, u.generation + 1, u.path || p.parent,
                u.line || case p.role when 'father' then 'F' else 'M' end
           from up u join family_parent p on p.child = u.idcs
          where u.generation < $2 and p.parent is not null and p.parent <> all(u.path))
       select origin, idcs, generation, path, line from up`,
      [[idcs, other], depth],
    );
    const marriages = await this.sql.query<FamilyMarriageRow>(
      `select ${MARRIAGE_COLUMNS} from family_marriage where husband = $1 and wife = $2
       union all
       select ${MARRIAGE_COLUMNS} from family_marriage where husband = $2 and wife = $1`,
      [idcs, other],
    );
    const kin = kinshipBetween(
      idcs,
      other,
      paths.map((p) => ({ ...p, generation: Number(p.generation) })),
      marriages.length === 0 ? null : { current: marriages.some((m) => m.endedOn === null) },
    );
    const facts = await this.persons([idcs, other, ...kin.path, ...kin.commonAncestors]);
    const view: KinshipView = {
      ...kin,
      person: facts.get(idcs)!,
      other: facts.get(other)!,
      searchDepth: depth,
      commonAncestors: kin.commonAncestors.map((id) => facts.get(id)!),
      path: kin.path.map((id) => facts.get(id)!),
      marriages: marriages.map((m) => ({
        marriageId: m.marriageId,
        marriedOn: m.marriedOn,
        ended: endOf(m),
      })),
    };
    const seen = new Seen();
    for (const id of [idcs, other, ...kin.path, ...kin.commonAncestors]) seen.add(id);
    return { view, persons: seen.list };
  }
}
