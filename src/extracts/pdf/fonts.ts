/**
 * The extracts' typeface: Amiri, a Naskh face in the tradition of official Arabic print
 * (SIL Open Font License 1.1; shipped as TrueType by the npm package
 * @expo-google-fonts/amiri, whose LICENSE_FONT holds the licence). It covers Arabic and the
 * Latin letters of French, so one face serves both languages. (Noto Naskh Arabic costs the
 * same here once layouts are remembered, but draws every dot as a separate glyph.)
 *
 * Fonts are parsed once per process and shared by every document. Shaping Arabic (the
 * OpenType substitution lookups) is most of a document's cost, and labels repeat from one
 * extract to the next, so each font remembers the layout and the width of the strings it
 * shaped.
 *
 * A few glyphs a substitution inserts (joining strokes) stand for no character. PDFKit would
 * map them to nothing in the PDF's ToUnicode table, and readers then invent a character from
 * the glyph's number; they are mapped to U+034F COMBINING GRAPHEME JOINER instead: a
 * default-ignorable mark, transparent to Arabic joining, so copied text reads (and searches)
 * as the letters alone.
 */
import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIRROR } from './bidi';

export interface ShapingFont {
  /** The font as PDFKit draws it (layout remembered). */
  font: fontkit.Font;
  /**
   * The same font for right-to-left runs, whose brackets are handed over mirrored (bidi.ts):
   * in the PDF's ToUnicode table its mirrored glyphs stand for the characters written, so a
   * reader that puts the run back in logical order gets "(…)" and not ")…(". A separate PDF
   * font, because one glyph maps to one character per font and ")" is also ")" elsewhere.
   */
  mirrored: fontkit.Font;
  /** Advance width of `text` at `size` points. */
  width(text: string, size: number): number;
}

export interface ExtractFonts {
  regular: ShapingFont;
  bold: ShapingFont;
}

export const IGNORABLE_MARK = 0x034f;

const PACKAGE = '@expo-google-fonts/amiri';
const MAX_REMEMBERED = 20_000;

let loaded: ExtractFonts | null = null;

export function extractFonts(): ExtractFonts {
  if (!loaded) {
    const dir = dirname(require.resolve(`${PACKAGE}/package.json`));
    loaded = {
      regular: shaping(join(dir, '400Regular/Amiri_400Regular.ttf')),
      bold: shaping(join(dir, '700Bold/Amiri_700Bold.ttf')),
    };
  }
  return loaded;
}

function shaping(file: string): ShapingFont {
  const font = fontkit.create(readFileSync(file));
  if (!('layout' in font)) throw new Error(`${file} is a font collection`);
  const remembered = remembering(font, (codePoints) => codePoints);
  const mirrored = remembering(
    font,
    (codePoints) => {
      const mirror =
        codePoints.length === 1 ? MIRROR[String.fromCodePoint(codePoints[0]!)] : undefined;
      return mirror ? [mirror.codePointAt(0)!] : codePoints;
    },
    `${font.postscriptName}-RTL`,
  );
  const widths = new Map<string, number>();
  return {
    font: remembered,
    mirrored,
    width(text, size) {
      let units = widths.get(text);
      if (units === undefined) {
        units = remembered.layout(text, []).advanceWidth;
        if (widths.size >= MAX_REMEMBERED) widths.clear();
        widths.set(text, units);
      }
      return (units * size) / font.unitsPerEm;
    },
  };
}

/**
 * The font, with `layout` remembered per string and features, and the characters each glyph
 * stands for (what PDFKit writes in ToUnicode) set by `characters`. PDFKit scales the
 * positions of a layout in place, so each caller gets its own copy of them; glyphs are
 * shared.
 */
function remembering(
  font: fontkit.Font,
  characters: (codePoints: readonly number[]) => readonly number[],
  postscriptName = font.postscriptName,
): fontkit.Font {
  const memory = new Map<string, fontkit.GlyphRun>();
  const renamed = new Map<number, fontkit.Glyph>();
  const mapped = (glyph: fontkit.Glyph): fontkit.Glyph => {
    const codePoints =
      glyph.codePoints.length > 0 ? characters(glyph.codePoints) : [IGNORABLE_MARK];
    if (codePoints === glyph.codePoints) return glyph;
    let wrapper = renamed.get(glyph.id);
    if (!wrapper) {
      // Reads everything else (id, metrics, path) from the glyph itself.
      wrapper = Object.create(glyph, { codePoints: { value: codePoints } }) as fontkit.Glyph;
      renamed.set(glyph.id, wrapper);
    }
    return wrapper;
  };
  const layout = (text: string, features?: string[] | Record<string, boolean>) => {
    const key = `${Array.isArray(features) ? features.join(',') : JSON.stringify(features ?? null)}\u0000${text}`;
    let run = memory.get(key);
    if (!run) {
      run = font.layout(text, features);
      run.glyphs = run.glyphs.map(mapped);
      if (memory.size >= MAX_REMEMBERED) memory.clear();
      memory.set(key, run);
    }
    const copy = Object.create(Object.getPrototypeOf(run) as object) as fontkit.GlyphRun;
    return Object.assign(copy, run, { positions: run.positions.map((p) => ({ ...p })) });
  };
  // PDFKit takes two fonts of one PostScript name for the same font, and would draw with the
  // first one opened (after comparing them, at every change of font).
  return new Proxy(font, {
    get: (target, property, receiver) =>
      property === 'layout'
        ? layout
        : property === 'postscriptName'
          ? postscriptName
          : (Reflect.get(target, property, receiver) as unknown),
  });
}
