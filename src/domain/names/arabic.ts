/**
 * The Arabic key of a name (DOMAIN.md, "Names: search and de-duplication"): two spellings
 * of one name that differ only by vowel marks, hamza seats, final yaa/taa marbuta, Persian
 * or Moroccan letters, invisible marks, the article or the space inside a compound get the
 * same key. Arabic is authoritative, so this key is matched first.
 */

// Harakat, superscript alef, the Quranic marks and tatweel: none of them changes the name.
const MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
// Direction marks, joiners, zero-width spaces and the byte-order mark.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\u061C\uFEFF]/g;

const LETTERS: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ٲ: 'ا',
  ٳ: 'ا',
  ؤ: 'و',
  ئ: 'ي',
  ء: '',
  ى: 'ي',
  ی: 'ي',
  ې: 'ي',
  ة: 'ه',
  ۀ: 'ه',
  ھ: 'ه',
  ە: 'ه',
  ک: 'ك',
  // Moroccan and Persian g (ڭ ݣ گ, Algerian ڨ): written ك in standard spelling.
  ڭ: 'ك',
  ݣ: 'ك',
  گ: 'ك',
  ڨ: 'ك',
  // v (ڤ): written ف in standard spelling.
  ڤ: 'ف',
  پ: 'ب',
};
const LETTER = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

/** Any Arabic letter: how a query is recognised as Arabic. */
export const ARABIC_LETTER = /[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF\u0750-\u077F]/;

/**
 * Words that stick to the next one: عبد (Abd-), بن/ابن (son of), بو/ابو (Bou-), ايت (Aït,
 * the Amazigh "people of"), او (Ou-, "son of"), ولد. Written with or without the space.
 */
const PARTICLES = new Set(['عبد', 'بن', 'ابن', 'بو', 'ابو', 'ايت', 'او', 'ولد', 'بنت']);

/** Letters, digits and spaces only: the common ground of every spelling. */
export function normaliseArabic(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(MARKS, '')
    .replace(LETTER, (c) => LETTERS[c] ?? c)
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The words of a name or a query, with particles glued to the word they introduce, so that
 * عبد الله and عبدالله, بن علي and بنعلي give the same words.
 */
export function arabicWords(text: string): string[] {
  const words: string[] = [];
  let open = false;
  for (const token of normaliseArabic(text).split(' ')) {
    if (!token) continue;
    if (open && words.length > 0) words[words.length - 1] += token;
    else words.push(token);
    open = PARTICLES.has(token);
  }
  return words;
}

/** The key of a run of words (a first name, a family name, or part of a query). */
export function arabicKeyOfWords(words: readonly string[]): string {
  let key = words.join('');
  // Ibn and Abou are Ben and Bou; "Ben el-" is written "Bel-" (بن الحاج / بلحاج).
  key = key.replace(/^ابن/, 'بن').replace(/^ابو/, 'بو');
  key = key.replace(/^بنال(?=..)/, 'بل');
  // The article: العلوي and علوي, المهدي and مهدي are one name.
  if (key.startsWith('ال') && key.length >= 5) key = key.slice(2);
  return key;
}

/** The Arabic key of a name; empty when the name holds no letter. */
export function arabicKey(name: string): string {
  return arabicKeyOfWords(arabicWords(name));
}
