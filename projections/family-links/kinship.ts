/**
 * Pure family computations over what the queries read: the degree of kinship between two
 * persons (civil-law count: generations up to the nearest common ancestor, then down) and
 * how siblings share parents.
 */

/** One way up from `origin` to an ancestor: `path` runs origin … idcs, `line` says F/M. */
export interface AncestorPath {
  origin: string;
  idcs: string;
  generation: number;
  path: string[];
  /** 'F' and 'M' per generation: 'FM' is the father's mother. Empty for the origin. */
  line: string;
}

export type Relationship =
  | 'self'
  | 'parent'
  | 'grandparent'
  | 'great-grandparent'
  | 'ancestor'
  | 'child'
  | 'grandchild'
  | 'great-grandchild'
  | 'descendant'
  | 'sibling'
  | 'half-sibling'
  | 'uncle-aunt'
  | 'great-uncle-aunt'
  | 'nephew-niece'
  | 'grand-nephew-niece'
  | 'cousin'
  | 'cousin-once-removed'
  | 'second-cousin'
  | 'collateral'
  | 'spouse'
  | 'former-spouse'
  | 'none';

export interface Kinship {
  /** What the other person is to the first one. */
  relationship: Relationship;
  /** Civil-law degree (up + down); null between spouses or unrelated persons. */
  degree: number | null;
  generations: { up: number; down: number } | null;
  /** Collaterals through one common ancestor only (half siblings, half uncles…). */
  half: boolean;
  /** Through the first person's father or mother; null in the descending line. */
  side: 'paternal' | 'maternal' | null;
  /** The nearest common ancestors (both parents for full siblings). */
  commonAncestors: string[];
  /** From the first person up to a nearest common ancestor and down to the other. */
  path: string[];
}

export function relationshipOf(up: number, down: number, half: boolean): Relationship {
  if (up === 0)
    return (['self', 'child', 'grandchild', 'great-grandchild'] as const)[down] ?? 'descendant';
  if (down === 0)
    return (['self', 'parent', 'grandparent', 'great-grandparent'] as const)[up] ?? 'ancestor';
  const key = `${up},${down}`;
  switch (key) {
    case '1,1':
      return half ? 'half-sibling' : 'sibling';
    case '2,1':
      return 'uncle-aunt';
    case '3,1':
      return 'great-uncle-aunt';
    case '1,2':
      return 'nephew-niece';
    case '1,3':
      return 'grand-nephew-niece';
    case '2,2':
      return 'cousin';
    case '2,3':
    case '3,2':
      return 'cousin-once-removed';
    case '3,3':
      return 'second-cousin';
    default:
      return 'collateral';
  }
}

const byRank = (a: [AncestorPath, AncestorPath], b: [AncestorPath, AncestorPath]) =>
  a[0].generation + a[1].generation - (b[0].generation + b[1].generation) ||
  a[0].generation - b[0].generation ||
  a[0].line.localeCompare(b[0].line) ||
  a[1].line.localeCompare(b[1].line);

/**
 * The kinship of `other` to `person`, from both persons' ways up (each including the person
 * itself at generation 0). Between spouses with no blood kinship found, 'spouse' or
 * 'former-spouse'; otherwise 'none' (within the depth the paths were read to).
 */
export function kinshipBetween(
  person: string,
  other: string,
  paths: readonly AncestorPath[],
  marriage: { current: boolean } | null = null,
): Kinship {
  if (person === other)
    return {
      relationship: 'self',
      degree: 0,
      generations: { up: 0, down: 0 },
      half: false,
      side: null,
      commonAncestors: [person],
      path: [person],
    };
  const otherWays = new Map<string, AncestorPath[]>();
  for (const p of paths)
    if (p.origin === other) otherWays.set(p.idcs, [...(otherWays.get(p.idcs) ?? []), p]);
  const meetings: [AncestorPath, AncestorPath][] = [];
  for (const mine of paths)
    if (mine.origin === person)
      for (const theirs of otherWays.get(mine.idcs) ?? []) meetings.push([mine, theirs]);
  meetings.sort(byRank);
  const nearest = meetings[0];
  if (!nearest) {
    return {
      relationship: marriage ? (marriage.current ? 'spouse' : 'former-spouse') : 'none',
      degree: null,
      generations: null,
      half: false,
      side: null,
      commonAncestors: [],
      path: marriage ? [person, other] : [],
    };
  }
  const [mine, theirs] = nearest;
  const up = mine.generation;
  const down = theirs.generation;
  const common = [
    ...new Set(
      meetings
        .filter(([m, t]) => m.generation === up && t.generation === down)
        .map(([m]) => m.idcs),
    ),
  ];
  const half = up > 0 && down > 0 && common.length === 1;
  const first = mine.line[0];
  return {
    relationship: relationshipOf(up, down, half),
    degree: up + down,
    generations: { up, down },
    half,
    side: first === 'F' ? 'paternal' : first === 'M' ? 'maternal' : null,
    commonAncestors: common,
    path: [...mine.path, ...[...theirs.path].reverse().slice(1)],
  };
}

export interface ParentsOf {
  idcs: string;
  father: string | null;
  mother: string | null;
}

export interface SiblingLink {
  idcs: string;
  /**
   * For a half sibling: whether both other parents are persons of the register, so known
   * to differ. False when one act names that parent without linking a record (old acts):
   * the register cannot tell a half sibling from a full one then.
   */
  otherParentIdentified: boolean;
}

export interface Siblings {
  full: SiblingLink[];
  paternalHalf: SiblingLink[];
  maternalHalf: SiblingLink[];
}

/** Full siblings share both parents, half siblings one, as persons of the register. */
export function siblingsOf(me: ParentsOf, others: readonly ParentsOf[]): Siblings {
  const out: Siblings = { full: [], paternalHalf: [], maternalHalf: [] };
  for (const s of others) {
    if (s.idcs === me.idcs) continue;
    const sameFather = me.father !== null && s.father === me.father;
    const sameMother = me.mother !== null && s.mother === me.mother;
    if (sameFather && sameMother) out.full.push({ idcs: s.idcs, otherParentIdentified: true });
    else if (sameFather)
      out.paternalHalf.push({
        idcs: s.idcs,
        otherParentIdentified: me.mother !== null && s.mother !== null,
      });
    else if (sameMother)
      out.maternalHalf.push({
        idcs: s.idcs,
        otherParentIdentified: me.father !== null && s.father !== null,
      });
  }
  return out;
}
