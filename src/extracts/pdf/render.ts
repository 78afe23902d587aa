/**
 * The extract as a one-or-more-page A4 PDF: Arabic on the right, laid out right to left,
 * French on the left; the rows of the act, the marginal notes (full copy), then who issued
 * it, for whom and why, the verification code and its QR code. The output depends only on
 * the document: the PDF's dates are the issue's, so the same extract renders to the same
 * bytes.
 */
import PDFDocument from 'pdfkit';
import qrcode from 'qrcode-generator';
import { toHijri, type ExtractLanguage } from '../../domain';
import { displayCode } from '../code';
import type { ExtractDocument } from '../document';
import * as w from '../wording';
import type { Bilingual } from '../wording';
import type { Span } from './bidi';
import { extractFonts } from './fonts';
import {
  BOLD,
  BOLD_RTL,
  drawLines,
  linesHeight,
  paragraph,
  REGULAR,
  REGULAR_RTL,
  wrap,
  type Box,
  type Direction,
  type Style,
} from './layout';

type Doc = PDFKit.PDFDocument;

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 36;
const GUTTER = 18;
const FOOTER = 150;
const SIZE = { body: 9.5, label: 9.5, title: 15, subtitle: 12, header: 9, small: 7.5 };
const GREY = '#555555';

const DIRECTION: Record<ExtractLanguage, Direction> = { ar: 'rtl', fr: 'ltr' };

interface Column {
  language: ExtractLanguage;
  box: Box;
}

/** Arabic on the right half, French on the left; one language takes the whole width. */
function columns(languages: readonly ExtractLanguage[]): Column[] {
  const inner = PAGE.width - 2 * MARGIN;
  if (languages.length === 1)
    return [{ language: languages[0]!, box: { x: MARGIN, width: inner } }];
  const half = (inner - GUTTER) / 2;
  return languages.map((language) => ({
    language,
    box: { x: language === 'ar' ? MARGIN + half + GUTTER : MARGIN, width: half },
  }));
}

const colon = (language: ExtractLanguage) => (language === 'ar' ? ': ' : ' : ');

export function renderExtractPdf(extract: ExtractDocument): Promise<Buffer> {
  const fonts = extractFonts();
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    pdfVersion: '1.7',
    // No default Helvetica: PDFKit would load its metrics for every document.
    font: '',
    lang: extract.languages[0] === 'ar' ? 'ar-MA' : 'fr-MA',
    info: {
      Title: `${w.title(extract.kind).fr} — ${displayCode(extract.code)}`,
      Author: 'Sijill — état civil',
      Subject: `IDCS ${extract.idcs}`,
      Keywords: `sijill-extract ${extract.code}`,
      CreationDate: new Date(extract.issued.at),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // PDFKit takes any fontkit font object; its types only list files and buffers.
  doc.registerFont(REGULAR, fonts.regular.font as unknown as Buffer);
  doc.registerFont(BOLD, fonts.bold.font as unknown as Buffer);
  doc.registerFont(REGULAR_RTL, fonts.regular.mirrored as unknown as Buffer);
  doc.registerFont(BOLD_RTL, fonts.bold.mirrored as unknown as Buffer);

  const cols = columns(extract.languages);
  let y = header(doc, extract, cols);
  const bottom = PAGE.height - MARGIN - FOOTER;

  /** Draws one block per column side by side; a new page when it would not fit. */
  const block = (parts: (language: ExtractLanguage) => Span<Style>[], gap = 4) => {
    const wrapped = cols.map((c) => wrap(parts(c.language), c.box.width));
    const height = Math.max(...wrapped.map(linesHeight));
    if (y + height > bottom) {
      doc.addPage();
      y = MARGIN;
    }
    cols.forEach((c, i) => drawLines(doc, wrapped[i]!, DIRECTION[c.language], c.box, y));
    y += height + gap;
  };
  const text = (b: Partial<Bilingual>, l: ExtractLanguage) => b[l] ?? '';

  for (const row of extract.text.rows)
    block((l) => [
      {
        text: `${text(row.label, l)}${colon(l)}`,
        style: { bold: true, size: SIZE.label, color: GREY },
      },
      { text: text(row.value, l), style: { size: SIZE.body } },
    ]);

  if (extract.text.notes.length > 0) {
    y += 6;
    rule(doc, y - 4);
    block((l) => [
      {
        text: l === 'ar' ? 'البيانات الهامشية' : 'Mentions marginales',
        style: { bold: true, size: SIZE.subtitle },
      },
    ]);
    for (const note of extract.text.notes)
      block((l) => [
        {
          text: `${text(w.gregorian(note.on), l)}${colon(l)}`,
          style: { bold: true, size: SIZE.body, color: GREY },
        },
        { text: text(note.text, l), style: { size: SIZE.body } },
      ]);
  }
  footer(doc, extract, cols);
  doc.end();
  return done;
}

function rule(doc: Doc, y: number): void {
  doc
    .moveTo(MARGIN, y)
    .lineTo(PAGE.width - MARGIN, y)
    .lineWidth(0.5)
    .strokeColor('#999999')
    .stroke();
}

function header(doc: Doc, extract: ExtractDocument, cols: Column[]): number {
  const office = extract.issued.by.office ?? '—';
  const lines: Bilingual[] = [
    { ar: 'المملكة المغربية', fr: 'ROYAUME DU MAROC' },
    { ar: 'وزارة الداخلية', fr: 'Ministère de l’Intérieur' },
    {
      ar: `الحالة المدنية — مكتب التسليم ${office}`,
      fr: `État civil — bureau de délivrance ${office}`,
    },
  ];
  let height = 0;
  for (const c of cols) {
    let h = 0;
    for (const [i, line] of lines.entries())
      h += paragraph(
        doc,
        [{ text: line[c.language], style: { bold: i === 0, size: SIZE.header } }],
        DIRECTION[c.language],
        c.box,
        MARGIN + h,
      );
    height = Math.max(height, h);
  }
  let y = MARGIN + height + 14;
  const full: Box = { x: MARGIN, width: PAGE.width - 2 * MARGIN };
  for (const c of cols) {
    const t = extract.text.title[c.language] ?? '';
    y += paragraph(
      doc,
      [
        {
          text: t,
          style: {
            bold: true,
            size: c.language === cols[0]!.language ? SIZE.title : SIZE.subtitle,
          },
        },
      ],
      DIRECTION[c.language],
      full,
      y,
      'center',
    );
  }
  rule(doc, y + 4);
  return y + 14;
}

function footer(doc: Doc, extract: ExtractDocument, cols: Column[]): void {
  const top = PAGE.height - MARGIN - FOOTER + 10;
  rule(doc, top - 6);
  const issuedOn = extract.issued.at.slice(0, 10);
  const g = w.gregorian(issuedOn);
  const h = w.hijri(toHijri(issuedOn), 'computed');
  const hh = extract.issued.at.slice(11, 16);
  const who = extract.issued.requester;
  const relation = w.relation(who.relation);
  const purpose = w.purpose(extract.issued.purpose);
  const until = w.gregorian(extract.validUntil);
  const code = displayCode(extract.code);
  const byWhom = `${extract.issued.by.userId}${extract.issued.by.office ? ` (${extract.issued.by.office})` : ''}`;
  const lines: Bilingual[] = [
    {
      ar: `سلمت بتاريخ ${g.ar} على الساعة ${hh} (${h.ar.replace(/ \(.*\)$/, '')}) من طرف ${byWhom}`,
      fr: `Délivré le ${g.fr} à ${hh} (${h.fr.replace(/ \(.*\)$/, '')}) par ${byWhom}`,
    },
    {
      ar: `بطلب من ${who.name} (${relation.ar}) لغرض ${purpose.ar}`,
      fr: `À la demande de ${who.name} (${relation.fr}), pour ${purpose.fr}`,
    },
    { ar: `صالحة إلى غاية ${until.ar}`, fr: `Valable jusqu’au ${until.fr}` },
    {
      ar: `تعكس الرسم في الموضع ${extract.reflects.position} (الإصدار ${extract.reflects.streamVersion})`,
      fr: `Reflète l’acte à la position ${extract.reflects.position} (version ${extract.reflects.streamVersion})`,
    },
    {
      ar: `وثيقة موقعة إلكترونيا (القانون 43.20)، المفتاح ${extract.keyId}`,
      fr: `Document signé électroniquement (loi 43-20), clé ${extract.keyId}`,
    },
  ];
  const qrSize = 96;
  const qrX = (PAGE.width - qrSize) / 2;
  const textCols =
    cols.length === 1
      ? [{ ...cols[0]!, box: { x: MARGIN, width: PAGE.width - 2 * MARGIN - qrSize - GUTTER } }]
      : cols.map((c) => ({
          ...c,
          box:
            c.language === 'ar'
              ? {
                  x: qrX + qrSize + GUTTER / 2,
                  width: PAGE.width - MARGIN - (qrX + qrSize + GUTTER / 2),
                }
              : { x: MARGIN, width: qrX - GUTTER / 2 - MARGIN },
        }));
  for (const c of textCols) {
    let y = top;
    for (const line of lines)
      y += paragraph(
        doc,
        [{ text: line[c.language], style: { size: SIZE.small } }],
        DIRECTION[c.language],
        c.box,
        y,
      );
  }
  const qrLeft = cols.length === 1 ? PAGE.width - MARGIN - qrSize : qrX;
  qr(doc, extract.verify, qrLeft, top, qrSize);
  paragraph(
    doc,
    [{ text: code, style: { bold: true, size: SIZE.subtitle } }],
    'ltr',
    { x: qrLeft - 20, width: qrSize + 40 },
    top + qrSize + 2,
    'center',
  );
}

/** The QR code as filled squares: sharp at any zoom, and no image to decode. */
function qr(doc: Doc, content: string, x: number, y: number, size: number): void {
  const code = qrcode(0, 'M');
  code.addData(content);
  code.make();
  const n = code.getModuleCount();
  const cell = size / n;
  // One rectangle per horizontal run of dark modules: a third of the drawing operators.
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n;) {
      if (!code.isDark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && code.isDark(r, c)) c++;
      doc.rect(x + start * cell, y + r * cell, (c - start) * cell, cell);
    }
  doc.fillColor('black').fill();
}
