import { kinshipBetween, relationshipOf, siblingsOf, type AncestorPath } from './kinship';

/**
 * A small pedigree, child → [father, mother]:
 *
 *   G + W                 grandparents
 *   ├── F (+ M, then M2)  father, married twice
 *   │   ├── A, B          with M
 *   │   └── H             with M2 (A's paternal half sibling)
 *   └── U (+ V)           uncle
 *       └── C             cousin
 *           └── D         cousin's child
 */
const PARENTS: Record<string, [string | null, string | null]> = {
  F: ['G', 'W'],
  U: ['G', 'W'],
  A: ['F', 'M'],
  B: ['F', 'M'],
  H: ['F', 'M2'],
  C: ['U', 'V'],
  D: ['C', null],
};

/** What the recursive query returns: every way up from `origin`, within `depth`. */
function waysUp(origin: string, depth = 4): AncestorPath[] {
  const out: AncestorPath[] = [];
  const walk = (idcs: string, path: string[], line: string) => {
    out.push({ origin, idcs, generation: path.length - 1, path, line });
    if (path.length > depth) return;
    const [father, mother] = PARENTS[idcs] ?? [null, null];
    if (father) walk(father, [...path, father], `${line}F`);
    if (mother) walk(mother, [...path, mother], `${line}M`);
  };
  walk(origin, [origin], '');
  return out;
}

const kin = (a: string, b: string, depth = 4, marriage: { current: boolean } | null = null) =>
  kinshipBetween(a, b, [...waysUp(a, depth), ...waysUp(b, depth)], marriage);

describe('kinship', () => {
  it.each([
    ['A', 'F', 'parent', 1, 'paternal'],
    ['A', 'M', 'parent', 1, 'maternal'],
    ['F', 'A', 'child', 1, null],
    ['A', 'G', 'grandparent', 2, 'paternal'],
    ['G', 'D', 'great-grandchild', 3, null],
    ['A', 'B', 'sibling', 2, 'paternal'],
    ['A', 'H', 'half-sibling', 2, 'paternal'],
    ['A', 'U', 'uncle-aunt', 3, 'paternal'],
    ['U', 'A', 'nephew-niece', 3, 'paternal'],
    ['A', 'C', 'cousin', 4, 'paternal'],
    ['A', 'D', 'cousin-once-removed', 5, 'paternal'],
  ])('%s → %s: %s, degree %i', (a, b, relationship, degree, side) => {
    expect(kin(a, b)).toMatchObject({ relationship, degree, side });
  });

  it('walks the path up to a nearest common ancestor and down, the father’s line first', () => {
    expect(kin('A', 'C')).toEqual({
      relationship: 'cousin',
      degree: 4,
      generations: { up: 2, down: 2 },
      half: false,
      side: 'paternal',
      commonAncestors: ['G', 'W'],
      path: ['A', 'F', 'G', 'U', 'C'],
    });
    expect(kin('A', 'B').commonAncestors).toEqual(['F', 'M']);
    expect(kin('A', 'H')).toMatchObject({
      half: true,
      commonAncestors: ['F'],
      path: ['A', 'F', 'H'],
    });
  });

  it('finds nothing beyond the search depth; spouses are named when not kin by blood', () => {
    expect(kin('A', 'C', 1)).toMatchObject({ relationship: 'none', degree: null, path: [] });
    expect(kin('F', 'M', 4, { current: false })).toMatchObject({
      relationship: 'former-spouse',
      degree: null,
      path: ['F', 'M'],
    });
    expect(kin('F', 'M2', 4, { current: true }).relationship).toBe('spouse');
    expect(kin('A', 'A')).toMatchObject({ relationship: 'self', degree: 0 });
  });

  it('names the simple relationships and falls back to collateral', () => {
    expect(relationshipOf(4, 0, false)).toBe('ancestor');
    expect(relationshipOf(0, 5, false)).toBe('descendant');
    expect(relationshipOf(3, 3, false)).toBe('second-cousin');
    expect(relationshipOf(4, 2, false)).toBe('collateral');
  });
});

describe('siblings', () => {
  it('full, paternal half and maternal half, as persons of the register', () => {
    const me = { idcs: 'A', father: 'F', mother: 'M' };
    expect(
      siblingsOf(me, [
        me,
        { idcs: 'B', father: 'F', mother: 'M' },
        { idcs: 'H', father: 'F', mother: 'M2' },
        { idcs: 'K', father: 'F', mother: null },
        { idcs: 'N', father: 'X', mother: 'M' },
      ]),
    ).toEqual({
      full: [{ idcs: 'B', otherParentIdentified: true }],
      paternalHalf: [
        { idcs: 'H', otherParentIdentified: true },
        { idcs: 'K', otherParentIdentified: false },
      ],
      maternalHalf: [{ idcs: 'N', otherParentIdentified: true }],
    });
  });

  it('a parent the register does not link makes no sibling', () => {
    expect(
      siblingsOf({ idcs: 'A', father: null, mother: null }, [
        { idcs: 'B', father: null, mother: null },
      ]),
    ).toEqual({ full: [], paternalHalf: [], maternalHalf: [] });
  });
});
