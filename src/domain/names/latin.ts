/**
 * The Latin key of a name: what is left of a French-style transcription of an Arabic or
 * Amazigh name once the registrar's free choices are taken out (DOMAIN.md, "Names: search
 * and de-duplication"): accents, the article, Ben/Bin/Ibn/Bel, Bou/Abou, Aït/Ayt, ou/w,
 * ch/sh, dj/j, q/k, doubled letters, silent final -e and -h, and the vowel written for a
 * short Arabic vowel (Mohamed/Muhammad, Mehdi/Mahdi, Omar/Omer). What a vowel's presence
 * says is kept: M'hamed (امحمد) is not Mohamed (محمد).
 */

/** Any Latin letter: how a query is recognised as Latin. */
export const LATIN_LETTER = /[A-Za-z\u00C0-\u024F]/;

/** The article, alone or before a hyphen: El Alaoui, Et-Tazi, Ech-Chaoui. */
const ARTICLES = new Set([
  'el',
  'al',
  'ul',
  'l',
  'ad',
  'ed',
  'ar',
  'er',
  'as',
  'es',
  'at',
  'et',
  'az',
  'ez',
  'an',
  'en',
  'ech',
  'esh',
]);

/** Words that stick to the next one: Abd el Kader, Ben Ali, Bou Taleb, Aït Ali, Ou Ali. */
const PARTICLES = new Set([
  'abd',
  'abdel',
  'abdul',
  'ben',
  'bin',
  'ibn',
  'bel',
  'bou',
  'abou',
  'abu',
  'ait',
  'ayt',
  'ou',
  'ould',
]);

/** Lower-case ASCII letters and spaces: accents off, apostrophes join (M'hamed → mhamed). */
export function normaliseLatin(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`´ʼ]/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/**
 * The words of a name or a query: an article before a word is dropped (El Alaoui), a
 * particle is glued to the word it introduces (Ben Ali → benali), and an article after a
 * particle stays with it (Abd el Kader → abdelkader).
 */
export function latinWords(text: string): string[] {
  const tokens = normaliseLatin(text).split(' ').filter(Boolean);
  const words: string[] = [];
  let open = false;
  tokens.forEach((token, i) => {
    if (open && words.length > 0) {
      words[words.length - 1] += token;
      open = PARTICLES.has(token) || ARTICLES.has(token);
      return;
    }
    if (ARTICLES.has(token) && i < tokens.length - 1) return;
    words.push(token);
    open = PARTICLES.has(token);
  });
  return words;
}

const VOWEL = /[aeiou]/;

/** y is a consonant at the start and between vowels (Ayoub, Zayani), else the vowel i. */
function semivowels(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== 'y') {
      out += c;
      continue;
    }
    const prev = out[out.length - 1];
    const next = s[i + 1];
    const consonant =
      i === 0 ||
      (prev !== undefined && /[aeou]/.test(prev) && next !== undefined && VOWEL.test(next));
    out += consonant ? 'y' : 'i';
  }
  return out;
}

/** Spelling rules on the glued word: digraphs, semivowels, silent letters. */
function spelling(word: string): string {
  let s = word.replace(/(.)\1+/g, '$1');
  // The article glued to the word: Elalaoui, Ettazi, Essoussi, Echami, Esbai.
  if (word.startsWith('el') && s.length >= 6) s = s.slice(2);
  else if (/^e(?:([tdrzsnl])\1|ch|sh|s[^aeiouy])/.test(word)) s = s.slice(1);
  s = s.replace(/^ab(?:ou|u)(?=.)/, 'bou');
  s = s.replace(/^(?:ben|bin|ibn|bel)(?=..)/, 'bn').replace(/^bn(?:el|al)(?=..)/, 'bn');
  s = s.replace(/^ayt/, 'ait');
  s = s
    .replace(/sh/g, 'ch')
    .replace(/dj/g, 'j')
    .replace(/th/g, 't')
    .replace(/ph/g, 'f')
    .replace(/gu(?=[eiy])/g, 'g')
    .replace(/ck/g, 'k')
    .replace(/q/g, 'k')
    .replace(/c(?!h)(?=[eiy])/g, 's')
    .replace(/c(?!h)/g, 'k');
  // ou is w before a vowel (Ouafae, Fouad) and after one (Kaoutar, Alaoui); else the vowel u.
  s = s
    .replace(/ou(?=[aeiouy])/g, 'w')
    .replace(/(?<=[aei])ou/g, 'w')
    .replace(/ou/g, 'u')
    .replace(/u(?=[aeio])/g, 'w');
  s = semivowels(s);
  // Silent endings: Imane/Iman, Hamzah/Hamza.
  s = s.replace(/(?<=[^aeiou])e$/, '').replace(/(?<=[aeiou])h$/, '');
  return s;
}

/** Short vowels as a registrar hears them: a, e, o, u are one; i stays apart (Saad ≠ Said). */
function vowelClasses(s: string): string {
  return s.replace(/[aeou]/g, 'a').replace(/(.)\1+/g, '$1');
}

/** The key of a run of words (a first name, a family name, or part of a query). */
export function latinKeyOfWords(words: readonly string[]): string {
  return vowelClasses(spelling(words.join('')));
}

/** The Latin key of a name; empty when the name holds no letter. */
export function latinKey(name: string): string {
  return latinKeyOfWords(latinWords(name));
}
