/**
 * Paragraphs on a PDFKit page, in either direction: words are wrapped to the box in logical
 * order, then each line is cut into visual runs (bidi.ts) and drawn run by run, right-aligned
 * for Arabic. Every run is shaped as a whole (`features: []` makes PDFKit hand the whole
 * string to fontkit instead of word by word), so an Arabic run keeps its joins and its word
 * order.
 */
import { visualRuns, type Span } from './bidi';
import { extractFonts } from './fonts';

export interface Style {
  bold?: boolean;
  size: number;
  color?: string;
}

export type Direction = 'rtl' | 'ltr';

export interface Box {
  x: number;
  width: number;
}

type Doc = PDFKit.PDFDocument;

export const REGULAR = 'amiri';
export const BOLD = 'amiri-bold';
/** The same faces for right-to-left runs (mirrored brackets: see fonts.ts). */
export const REGULAR_RTL = 'amiri-rtl';
export const BOLD_RTL = 'amiri-bold-rtl';
const SHAPE_WHOLE_RUN = { features: [] as PDFKit.Mixins.OpenTypeFeatures[] };

function use(doc: Doc, style: Style, rtl = false): Doc {
  return doc
    .font(style.bold ? (rtl ? BOLD_RTL : BOLD) : rtl ? REGULAR_RTL : REGULAR)
    .fontSize(style.size)
    .fillColor(style.color ?? 'black');
}

export const lineHeight = (size: number): number => size * 1.6;

const widthOf = (text: string, style: Style): number =>
  extractFonts()[style.bold ? 'bold' : 'regular'].width(text, style.size);

/**
 * Width of spans: the sum of their widths whatever the visual order (shaping never joins
 * across a change of style: labels end with a colon).
 */
export const spansWidth = (spans: readonly Span<Style>[]): number =>
  spans.reduce((w, s) => w + widthOf(s.text, s.style), 0);

/** Draws one line; `align` says which edge of the box it keeps to. */
export function drawLine(
  doc: Doc,
  spans: readonly Span<Style>[],
  direction: Direction,
  box: Box,
  y: number,
  align: 'start' | 'center' = 'start',
): void {
  const runs = visualRuns(spans, direction);
  const widths = runs.map((r) => widthOf(r.text, r.style));
  const total = widths.reduce((a, b) => a + b, 0);
  let x =
    align === 'center'
      ? box.x + (box.width - total) / 2
      : direction === 'rtl'
        ? box.x + box.width - total
        : box.x;
  runs.forEach((run, i) => {
    // The width is known: PDFKit would otherwise shape the run once more to measure it.
    const options: PDFKit.Mixins.TextOptions & { textWidth?: number } = {
      lineBreak: false,
      textWidth: widths[i],
      ...SHAPE_WHOLE_RUN,
    };
    use(doc, run.style, run.rtl).text(run.text, x, y, options);
    x += widths[i]!;
  });
}

/** Cuts spans into lines that fit the box, breaking at spaces. */
export function wrap(spans: readonly Span<Style>[], width: number): Span<Style>[][] {
  const words: Span<Style>[][] = [];
  let current: Span<Style>[] = [];
  for (const span of spans) {
    span.text.split(' ').forEach((part, i) => {
      if (i > 0) {
        words.push(current);
        current = [];
      }
      if (part) current.push({ text: part, style: span.style });
    });
  }
  words.push(current);
  // Widths add up word by word: shaping never joins across a space.
  const lines: Span<Style>[][] = [];
  let line: Span<Style>[] = [];
  let used = 0;
  for (const word of words.filter((w) => w.length > 0)) {
    const space = { text: ' ', style: word[0]!.style };
    const w = spansWidth(word);
    const gap = line.length ? widthOf(' ', space.style) : 0;
    if (line.length && used + gap + w > width) {
      lines.push(line);
      line = [...word];
      used = w;
    } else {
      line = line.length ? [...line, space, ...word] : [...word];
      used += gap + w;
    }
  }
  if (line.length) lines.push(line);
  return lines.map(merged);
}

/** Neighbouring spans of one style as one: one run to shape and draw, not one per word. */
function merged(line: readonly Span<Style>[]): Span<Style>[] {
  const out: Span<Style>[] = [];
  for (const span of line) {
    const last = out[out.length - 1];
    if (last && last.style === span.style)
      out[out.length - 1] = { ...last, text: last.text + span.text };
    else out.push(span);
  }
  return out;
}

export const linesHeight = (lines: readonly (readonly Span<Style>[])[]): number =>
  lines.reduce((h, line) => h + lineHeight(Math.max(...line.map((s) => s.style.size))), 0);

/** Draws wrapped lines from `y`; returns the height they took. */
export function drawLines(
  doc: Doc,
  lines: readonly (readonly Span<Style>[])[],
  direction: Direction,
  box: Box,
  y: number,
  align: 'start' | 'center' = 'start',
): number {
  let height = 0;
  for (const line of lines) {
    drawLine(doc, line, direction, box, y + height, align);
    height += lineHeight(Math.max(...line.map((s) => s.style.size)));
  }
  return height;
}

/** Wraps and draws a paragraph from `y`; returns the height it took. */
export function paragraph(
  doc: Doc,
  spans: readonly Span<Style>[],
  direction: Direction,
  box: Box,
  y: number,
  align: 'start' | 'center' = 'start',
): number {
  return drawLines(doc, wrap(spans, box.width), direction, box, y, align);
}
