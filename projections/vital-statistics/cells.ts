/**
 * Cells keyed by a table's key columns, found without building a text key per lookup: the
 * text parts (codes of places, sexes, groups: few distinct values each) index nested maps,
 * and the small numbers (years, months) are packed into one integer that keys the last
 * map. A rebuild adds a million records to a few hundred thousand cells; with keys joined
 * into text, building and hashing those keys and allocating the cells was most of its time
 * in memory (measured: `Tally` counts a million records three times faster).
 */
export type Key = readonly (string | number)[];

/** Numbers packed per level: years, months, ages and day classes are far below this. */
const RADIX = 4096;
const MAX_PARTS = 24;

/** Text parts lead to the next node; a number (the key's shape) to the cells of that shape. */
type Node = Map<string | number, unknown>;

/** The key's numbers packed in one integer, or -1 when one of them does not fit. */
function pack(key: Key): number {
  let packed = 0;
  for (let i = 0; i < key.length; i++) {
    const part = key[i]!;
    if (typeof part !== 'number') continue;
    // An integer from 0 to RADIX − 1 (`>>> 0` keeps it only then), and room for it.
    if (part >>> 0 !== part || part >= RADIX || packed >= 2 ** 40) return -1;
    packed = packed * RADIX + part;
  }
  return key.length > MAX_PARTS ? -1 : packed;
}

/**
 * The map of the cells whose key has these text parts and this shape (which positions
 * hold numbers, and how many parts): keys of another shape that pack to the same number
 * have a map of their own.
 */
function leafOf<V>(root: Node, key: Key): Map<number, V> {
  let node = root;
  let numbers = 0;
  for (let i = 0; i < key.length; i++) {
    const part = key[i]!;
    if (typeof part === 'number') {
      numbers |= 1 << i;
      continue;
    }
    let next = node.get(part) as Node | undefined;
    if (next === undefined) {
      next = new Map();
      node.set(part, next);
    }
    node = next;
  }
  const shape = numbers * 32 + key.length;
  let leaf = node.get(shape) as Map<number, V> | undefined;
  if (leaf === undefined) {
    leaf = new Map();
    node.set(shape, leaf);
  }
  return leaf;
}

const oddId = (key: Key) => key.map((p) => `${typeof p}:${String(p)}`).join('\u0001');

/** Rows keyed by tuples, each created on first use and kept with its key. */
export class Cells<V extends { readonly key: Key }> {
  /** Every cell, in the order found. */
  readonly all: V[] = [];
  private readonly root: Node = new Map();
  /** Keys with a number the packing cannot hold (negative, fractional, too large). */
  private readonly odd = new Map<string, V>();

  constructor(private readonly create: (key: Key) => V) {}

  /** The cell of `key`, created on first use. */
  get(key: Key): V {
    const packed = pack(key);
    if (packed < 0) {
      const id = oddId(key);
      let cell = this.odd.get(id);
      if (cell === undefined) {
        cell = this.create(key);
        this.odd.set(id, cell);
        this.all.push(cell);
      }
      return cell;
    }
    const leaf = leafOf<V>(this.root, key);
    let cell = leaf.get(packed);
    if (cell === undefined) {
      cell = this.create(key);
      leaf.set(packed, cell);
      this.all.push(cell);
    }
    return cell;
  }

  get size(): number {
    return this.all.length;
  }
}

/** Counts keyed by tuples: the counts sit in the maps themselves, the keys are rebuilt on reading. */
export class Tally {
  private readonly root: Node = new Map();
  private readonly odd = new Map<string, { key: Key; n: number }>();

  add(key: Key, w: number): void {
    const packed = pack(key);
    if (packed < 0) {
      const id = oddId(key);
      const cell = this.odd.get(id);
      if (cell) cell.n += w;
      else this.odd.set(id, { key, n: w });
      return;
    }
    const leaf = leafOf<number>(this.root, key);
    leaf.set(packed, (leaf.get(packed) ?? 0) + w);
  }

  /** Every cell with its key. */
  cells(): { key: Key; n: number }[] {
    const out: { key: Key; n: number }[] = [];
    const walk = (node: Node, texts: string[]) => {
      for (const [part, child] of node) {
        if (typeof part === 'string') {
          walk(child as Node, [...texts, part]);
          continue;
        }
        const length = part % 32;
        const numbers = (part - length) / 32;
        for (const [packed, n] of child as Map<number, number>) {
          const key: (string | number)[] = new Array<string | number>(length);
          let rest = packed;
          let text = texts.length;
          for (let i = length - 1; i >= 0; i--) {
            if (numbers & (1 << i)) {
              key[i] = rest % RADIX;
              rest = Math.floor(rest / RADIX);
            } else key[i] = texts[--text]!;
          }
          out.push({ key, n });
        }
      }
    };
    walk(this.root, []);
    return [...out, ...this.odd.values()];
  }
}

/**
 * The order of a table's primary key as far as its leading numbers go (years, months):
 * rows copied in that order go into the key's index a year and month at a time instead of
 * all over it (measured on the largest count table: a quarter of the server's time for
 * the rows as they came, and nearly as little as in the key's full order).
 */
export function inKeyOrder<V extends { readonly key: Key }>(cells: readonly V[]): V[] {
  const ranked = cells.map((cell) => {
    let rank = 0;
    for (const part of cell.key.slice(0, 2)) {
      if (typeof part !== 'number') break;
      rank = rank * 65536 + (Number.isFinite(part) ? Math.min(Math.max(part, 0), 65535) : 0);
    }
    return { cell, rank };
  });
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.cell);
}
