/**
 * Draws up an extract file from the register: reads the person's stream up to the version
 * the extract reflects (and the father's, for the paternal grandfather's name), builds the
 * document and signs it. Everything it reads is pinned by version, so drawing the same
 * issue again gives the same bytes (PDFKit's output, Ed25519 signatures and canonical JSON
 * are all deterministic).
 */
import {
  personStream,
  rebuildPerson,
  recordOf,
  type ExtractIssued,
  type PersonEvent,
  type TranscribedName,
} from '../domain';
import type { EventStore, StoredEvent } from '../eventstore';
import { extractBody, type SourceEvent } from './content';
import { extractDocument, type ExtractDocument } from './document';
import { renderExtractPdf } from './pdf/render';
import { factsOf, sealJson, sealPdf } from './seal';
import type { SigningKey } from './signing';

/** An issue as the register records it, without the file's digest (not drawn yet). */
export type ExtractDraft = Omit<ExtractIssued['data'], 'document'>;

export interface PersonStreamRead {
  events: SourceEvent[];
  version: number;
  position: number;
}

export const asSource = (e: StoredEvent): SourceEvent => ({
  type: e.type,
  data: e.data,
  position: e.position,
  version: e.version,
});

export async function readPerson(
  store: EventStore,
  idcs: string,
  toVersion?: number,
): Promise<PersonStreamRead> {
  const events = (
    await store.readStream(personStream(idcs), toVersion === undefined ? {} : { toVersion })
  ).map(asSource);
  const last = events[events.length - 1];
  return { events, version: last?.version ?? 0, position: last?.position ?? 0 };
}

export const fold = (events: readonly SourceEvent[]) =>
  rebuildPerson(events as unknown as readonly PersonEvent[]);

/** The father's own father's given name, when the father is linked to his record. */
export async function grandfatherOf(
  store: EventStore,
  father: { idcs: string; streamVersion: number } | undefined,
): Promise<TranscribedName | null> {
  if (!father) return null;
  const { events } = await readPerson(store, father.idcs, father.streamVersion);
  return recordOf(fold(events))?.father?.name.given ?? null;
}

export function documentOf(
  draft: ExtractDraft,
  events: readonly SourceEvent[],
  grandfather: TranscribedName | null,
  keyId: string,
  publicUrl: string,
): ExtractDocument {
  const body = extractBody(draft.kind, { idcs: draft.idcs, events, grandfather });
  return extractDocument(
    {
      code: draft.code,
      idcs: draft.idcs,
      kind: draft.kind,
      languages: draft.languages,
      reflects: {
        position: draft.reflects.position,
        streamVersion: draft.reflects.streamVersion,
      },
      issued: {
        at: draft.issued.at,
        by: {
          userId: draft.issued.by.userId,
          ...(draft.issued.by.office !== undefined && { office: draft.issued.by.office }),
        },
        requester: { name: draft.requester.name, relation: draft.requester.relation },
        purpose: draft.purpose,
      },
      validUntil: draft.validUntil,
      keyId,
      verify: `${publicUrl.replace(/\/$/, '')}/extracts/${draft.code}`,
    },
    body,
  );
}

/** The signed file of a document, in the format asked for. */
export async function sealed(
  document: ExtractDocument,
  format: ExtractDraft['format'],
  key: SigningKey,
): Promise<Buffer> {
  return format === 'pdf'
    ? sealPdf(await renderExtractPdf(document), factsOf(document), key)
    : sealJson(document, key);
}

/** Draws the file of an issue again, from the versions it recorded. */
export async function redraw(
  store: EventStore,
  issued: ExtractDraft,
  key: SigningKey,
  publicUrl: string,
): Promise<Buffer> {
  const { events } = await readPerson(store, issued.idcs, issued.reflects.streamVersion);
  const grandfather = await grandfatherOf(store, issued.reflects.father);
  return sealed(documentOf(issued, events, grandfather, key.keyId, publicUrl), issued.format, key);
}
