/**
 * Keys of names in both scripts, the script of a query, the ways a query can split into a
 * first name and a family name, and the trigram similarity of two keys (as pg_trgm
 * computes it, so that the read model's index and the domain's scores agree).
 */
import { ARABIC_LETTER, arabicKeyOfWords, arabicWords } from './arabic';
import { LATIN_LETTER, latinKeyOfWords, latinWords } from './latin';

export type Script = 'ar' | 'lat';

/** A name's keys; null where the act does not write the name in that script. */
export interface NameKeys {
  ar: string | null;
  lat: string | null;
}

/** Arabic when the text holds an Arabic letter (Arabic is authoritative), else Latin. */
export function scriptOf(text: string): Script | null {
  if (ARABIC_LETTER.test(text)) return 'ar';
  if (LATIN_LETTER.test(text)) return 'lat';
  return null;
}

export function wordsOf(text: string, script: Script): string[] {
  return script === 'ar' ? arabicWords(text) : latinWords(text);
}

export function keyOfWords(words: readonly string[], script: Script): string {
  return script === 'ar' ? arabicKeyOfWords(words) : latinKeyOfWords(words);
}

// Registers repeat a few thousand names millions of times: keys are remembered (a pure
// function's results; the cache is dropped whole when full, so it stays bounded).
const CACHE_SIZE = 100_000;
const cache = { ar: new Map<string, string | null>(), lat: new Map<string, string | null>() };

function keyOrNull(text: string | undefined, script: Script): string | null {
  if (text === undefined) return null;
  const known = cache[script].get(text);
  if (known !== undefined) return known;
  const computed = keyOfWords(wordsOf(text, script), script);
  const key = computed === '' ? null : computed;
  if (cache[script].size >= CACHE_SIZE) cache[script].clear();
  cache[script].set(text, key);
  return key;
}

/** The keys of a name as an act writes it (Arabic, Latin, either possibly missing). */
export function keysOf(name: { ar?: string; lat?: string } | undefined): NameKeys {
  return { ar: keyOrNull(name?.ar, 'ar'), lat: keyOrNull(name?.lat, 'lat') };
}

/** One reading of a query: which words are the first name, which the family name. */
export interface Reading {
  /** Null when the query is one word, read as a family name alone. */
  given: string | null;
  family: string;
}

/**
 * Every reading of a query's words: first name then family name and the reverse (Moroccan
 * forms often put the family name first), at each place the words can be cut.
 */
export function readingsOf(words: readonly string[], script: Script): Reading[] {
  if (words.length === 1) return [{ given: null, family: keyOfWords(words, script) }];
  const seen = new Map<string, Reading>();
  for (let cut = 1; cut < words.length; cut++) {
    const head = keyOfWords(words.slice(0, cut), script);
    const tail = keyOfWords(words.slice(cut), script);
    for (const reading of [
      { given: head, family: tail },
      { given: tail, family: head },
    ])
      if (reading.given && reading.family) seen.set(`${reading.given} ${reading.family}`, reading);
  }
  return [...seen.values()];
}

const trigramCache = new Map<string, ReadonlySet<string>>();

/** pg_trgm's trigrams of one word: padded with two spaces before and one after. */
export function trigrams(key: string): ReadonlySet<string> {
  const known = trigramCache.get(key);
  if (known) return known;
  const padded = `  ${key} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  if (trigramCache.size >= CACHE_SIZE) trigramCache.clear();
  trigramCache.set(key, grams);
  return grams;
}

/** pg_trgm's similarity: shared trigrams over all trigrams, 0 to 1. */
export function similarity(a: string, b: string): number {
  if (a === b) return a === '' ? 0 : 1;
  const ta = trigrams(a);
  const tb = trigrams(b);
  let shared = 0;
  for (const g of ta) if (tb.has(g)) shared++;
  return shared / (ta.size + tb.size - shared);
}

/**
 * How well two names agree, 0 to 1, or null when no script is written on both sides.
 * Arabic first: equal Arabic keys settle it; Latin decides only where Arabic is missing,
 * or lifts a near Arabic match whose Latin transcriptions agree.
 */
export function nameAgreement(a: NameKeys, b: NameKeys): number | null {
  const latin =
    a.lat !== null && b.lat !== null ? (a.lat === b.lat ? 1 : similarity(a.lat, b.lat)) : null;
  if (a.ar !== null && b.ar !== null) {
    if (a.ar === b.ar) return 1;
    const arabic = similarity(a.ar, b.ar);
    return latin === 1 ? Math.max(arabic, 0.9) : arabic;
  }
  return latin === null ? null : latin === 1 ? 0.95 : latin;
}
