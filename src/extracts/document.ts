/**
 * The extract as both formats carry it: who it is about, what state of the record it
 * reflects, who issued it for whom and why, and the text printed on it. The JSON extract is
 * this object (signed); the PDF prints it (and is signed as a file).
 */
import type { ExtractKind, ExtractLanguage, ExtractPurpose, RequesterRelation } from '../domain';
import type { ExtractBody, ExtractRecord, ExtractRow } from './content';
import type { MarginalNote } from './notes';
import { title, type Bilingual } from './wording';

export const EXTRACT_FORMAT_ID = 'sijill-extract';

export interface ExtractDocument {
  format: typeof EXTRACT_FORMAT_ID;
  version: 1;
  code: string;
  idcs: string;
  kind: ExtractKind;
  languages: ExtractLanguage[];
  /** The record as it stood at this stream version, the last event at this global position. */
  reflects: { position: number; streamVersion: number };
  issued: {
    at: string;
    by: { userId: string; office?: string };
    requester: { name: string; relation: RequesterRelation };
    purpose: ExtractPurpose;
  };
  validUntil: string;
  keyId: string;
  /** Where anyone checks it (the QR code's content). */
  verify: string;
  record: ExtractRecord;
  text: {
    title: Partial<Bilingual>;
    rows: (Omit<ExtractRow, 'label' | 'value'> & {
      label: Partial<Bilingual>;
      value: Partial<Bilingual>;
    })[];
    notes: (Omit<MarginalNote, 'text'> & { text: Partial<Bilingual> })[];
  };
}

export type ExtractHeader = Omit<ExtractDocument, 'format' | 'version' | 'record' | 'text'>;

/** Keeps the languages asked for. */
export function inLanguages(
  b: Bilingual,
  languages: readonly ExtractLanguage[],
): Partial<Bilingual> {
  return Object.fromEntries(languages.map((l) => [l, b[l]]));
}

export function extractDocument(header: ExtractHeader, body: ExtractBody): ExtractDocument {
  const pick = (b: Bilingual) => inLanguages(b, header.languages);
  return {
    format: EXTRACT_FORMAT_ID,
    version: 1,
    ...header,
    record: body.record,
    text: {
      title: pick(title(header.kind)),
      rows: body.rows.map((r) => ({ key: r.key, label: pick(r.label), value: pick(r.value) })),
      notes: body.notes.map((n) => ({ ...n, text: pick(n.text) })),
    },
  };
}
