/** Reads a PDF with pdf.js and groups what it read into the Arabic column's lines. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface TextItem {
  str: string;
  dir: string;
  x: number;
  y: number;
  width: number;
}

export interface Probe {
  pages: number;
  items: TextItem[];
  /**
   * Each text object drawn (PDFKit draws one per run): where it starts, and its glyphs left
   * to right, each with the character(s) it stands for, its code in the font, and where it
   * is drawn.
   */
  runs: {
    x: number;
    y: number;
    glyphs: { unicode: string; code: number; x: number; width: number }[];
  }[];
  image: { width: number; height: number; ink: number; inkRight: number };
}

/**
 * Reads an extract PDF the way a viewer would (pdf.js, rendered by Skia through
 * @napi-rs/canvas) and returns what the tests check: the text items pdf.js extracts with
 * their positions, the glyphs drawn (to see Arabic shaping) with their positions, and the
 * rendered page's ink. pdf.js is an ES module and the tests are CommonJS, so it runs in a
 * child process, as an inline module (a file of its own would need its own lint setup).
 */
export function probePdf(pdf: string, png: string): Probe {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', PROBE], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, PROBE_PDF: pdf, PROBE_PNG: png },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as Probe;
}

const PROBE = `import { createCanvas } from '@napi-rs/canvas';
import { readFileSync, writeFileSync } from 'node:fs';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

const [file, png] = [process.env.PROBE_PDF, process.env.PROBE_PNG];
const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
const page = await pdf.getPage(1);

const text = await page.getTextContent();
const items = text.items
  .filter((i) => 'str' in i)
  .map((i) => ({ str: i.str, dir: i.dir, x: i.transform[4], y: i.transform[5], width: i.width }));

// Each text object (PDFKit writes one BT … ET per run it draws): its glyphs in the order
// they are drawn, left to right, each where it is drawn (from the text matrix, the font
// size, the glyphs' widths and the TJ adjustments).
const operators = await page.getOperatorList();
const runs = [];
let run = null;
let size = 0;
let x = 0;
let y = 0;
operators.fnArray.forEach((fn, k) => {
  const args = operators.argsArray[k];
  if (fn === OPS.beginText) run = { x: null, y: null, glyphs: [] };
  else if (fn === OPS.endText) {
    if (run && run.glyphs.length > 0) runs.push(run);
    run = null;
  } else if (fn === OPS.setFont) size = args[1];
  else if (fn === OPS.setTextMatrix) {
    x = args[0][4];
    y = args[0][5];
    if (run && run.x === null) [run.x, run.y] = [x, y];
  } else if (run && fn === OPS.showText) {
    for (const g of args[0]) {
      if (typeof g === 'number') x -= (g / 1000) * size;
      else if (g && typeof g === 'object') {
        const width = (g.width / 1000) * size;
        run.glyphs.push({ unicode: g.unicode, code: g.originalCharCode, x, width });
        x += width;
      }
    }
  }
});

const viewport = page.getViewport({ scale: 2 });
const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
const context = canvas.getContext('2d');
context.fillStyle = '#ffffff';
context.fillRect(0, 0, canvas.width, canvas.height);
await page.render({ canvasContext: context, canvas, viewport }).promise;
writeFileSync(png, canvas.toBuffer('image/png'));
const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
let ink = 0;
let inkRight = 0;
for (let i = 0; i < data.length; i += 4) {
  if (data[i] < 128 && data[i + 1] < 128 && data[i + 2] < 128) {
    ink++;
    if ((i / 4) % canvas.width > canvas.width / 2) inkRight++;
  }
}
process.stdout.write(
  JSON.stringify({
    pages: pdf.numPages,
    items,
    runs,
    image: { width: canvas.width, height: canvas.height, ink, inkRight },
  }),
);
await pdf.destroy();
`;

const PAGE_MIDDLE = 595.28 / 2;
const ARABIC = /[\u0600-\u06FF]/;

/**
 * The lines of the Arabic half of the page (and lines centred on the page, the title),
 * their items from right to left, as a reader of Arabic reads them. U+034F (the ignorable
 * mark joining strokes are mapped to) is dropped.
 */
export function arabicLines(probe: Probe): { y: number; text: string; items: TextItem[] }[] {
  const lines = new Map<number, TextItem[]>();
  for (const item of probe.items) {
    if (!item.str) continue;
    const centred = Math.abs(item.x + item.width / 2 - PAGE_MIDDLE) < 5 && ARABIC.test(item.str);
    if (item.x < PAGE_MIDDLE && !centred) continue;
    const y = Math.round(item.y);
    lines.set(y, [...(lines.get(y) ?? []), item]);
  }
  return [...lines]
    .sort(([a], [b]) => b - a)
    .map(([y, items]) => {
      const ordered = [...items].sort((a, b) => b.x - a.x);
      const text = ordered
        .map((i) => i.str)
        .join('')
        .replace(/\u034f/g, '')
        .replace(/\s+/g, ' ')
        .trim();
      return { y, text, items: ordered };
    });
}

/**
 * The Arabic column's lines as a reader of Arabic reads the drawn page: words (glyphs
 * between spaces) from the rightmost to the leftmost, by where each is drawn, not by the
 * order they were written; each word's glyphs read right to left when it is Arabic. If the
 * layout were left to right, or a word's glyphs in logical order, this would not give the
 * text back.
 */
export function arabicWordLines(
  probe: Probe,
): { y: number; text: string; words: { x: number; text: string }[] }[] {
  const lines = new Map<number, { x: number; text: string }[]>();
  const add = (y: number, glyphs: Probe['runs'][number]['glyphs']) => {
    if (glyphs.length === 0 || glyphs[0]!.x < PAGE_MIDDLE) return;
    const chars = glyphs.map((g) => g.unicode.replace(/\u034f/g, ''));
    const visual = chars.join('');
    const text = ARABIC.test(visual) ? [...chars].reverse().join('') : visual;
    lines.set(y, [...(lines.get(y) ?? []), { x: glyphs[0]!.x, text }]);
  };
  for (const run of probe.runs) {
    const y = Math.round(run.y);
    let word: Probe['runs'][number]['glyphs'] = [];
    for (const glyph of run.glyphs) {
      if (glyph.unicode.trim() === '') {
        add(y, word);
        word = [];
      } else word.push(glyph);
    }
    add(y, word);
  }
  return [...lines]
    .sort(([a], [b]) => a - b)
    .map(([y, words]) => {
      const ordered = [...words].sort((a, b) => b.x - a.x);
      return { y, text: ordered.map((w) => w.text).join(' '), words: ordered };
    });
}
