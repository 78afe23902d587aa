/**
 * Right-to-left layout for PDFKit, which draws every string left to right. The Unicode
 * bidirectional algorithm (bidi-js) gives each character its embedding level; a line is cut
 * into runs of one level and one style, and the runs are put in visual order (rule L2).
 *
 * Within a right-to-left run that holds Arabic letters, the characters stay in logical
 * order: fontkit must see them so to join the letters (initial, medial, final forms), and it
 * reverses the shaped glyphs itself for a right-to-left script. A right-to-left run without
 * Arabic letters (punctuation between Arabic words) is reversed here, and mirrored
 * characters (brackets, guillemets) are swapped for their mirror.
 */
import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

export interface Span<Style> {
  text: string;
  style: Style;
}

export interface VisualRun<Style> {
  /** What to hand to the shaper: logical order for Arabic runs, visual order otherwise. */
  text: string;
  style: Style;
  rtl: boolean;
}

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
/** Characters of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko…). */
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
/** The paired characters an extract may hold, and their mirror images. */
export const MIRROR: Readonly<Record<string, string>> = {
  '(': ')',
  ')': '(',
  '[': ']',
  ']': '[',
  '{': '}',
  '}': '{',
  '<': '>',
  '>': '<',
  '«': '»',
  '»': '«',
  '‹': '›',
  '›': '‹',
};

export const hasArabic = (text: string): boolean => ARABIC.test(text);

/** The runs of one line, left to right as they are drawn. */
export function visualRuns<Style>(
  spans: readonly Span<Style>[],
  direction: 'rtl' | 'ltr',
): VisualRun<Style>[] {
  const text = spans.map((s) => s.text).join('');
  if (text.length === 0) return [];
  // Most French lines hold no right-to-left character: nothing to reorder.
  if (direction === 'ltr' && !RIGHT_TO_LEFT.test(text))
    return spans.map((s) => ({ text: s.text, style: s.style, rtl: false }));
  const { levels } = bidi.getEmbeddingLevels(text, direction);
  const styleAt: number[] = [];
  spans.forEach((s, i) => {
    for (let k = 0; k < s.text.length; k++) styleAt.push(i);
  });

  const runs: { start: number; end: number; level: number; span: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = runs[runs.length - 1];
    if (last && last.level === levels[i] && last.span === styleAt[i]) last.end = i + 1;
    else runs.push({ start: i, end: i + 1, level: levels[i]!, span: styleAt[i]! });
  }
  // L2: from the highest level down to the lowest odd level, reverse every maximal
  // sequence of runs at that level or above.
  const highest = Math.max(...runs.map((r) => r.level));
  const lowestOdd = Math.min(...runs.map((r) => (r.level % 2 ? r.level : r.level + 1)));
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < runs.length;) {
      if (runs[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j]!.level >= level) j++;
      const reversed = runs.slice(i, j).reverse();
      runs.splice(i, j - i, ...reversed);
      i = j;
    }
  }

  return runs.map((r) => {
    const rtl = r.level % 2 === 1;
    let chars = '';
    for (let i = r.start; i < r.end; i++) chars += (rtl && MIRROR[text[i]!]) || text[i];
    const shapedByFont = rtl && hasArabic(chars);
    return {
      text: rtl && !shapedByFont ? [...chars].reverse().join('') : chars,
      style: spans[r.span]!.style,
      rtl,
    };
  });
}
