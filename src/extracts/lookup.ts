/** The register's record of an issued extract, and its status now. */
import { extractStream, personStream, type ExtractIssued } from '../domain';
import type { EventStore } from '../eventstore';
import { statusOf, type ExtractStatus } from './status';

export async function issuedExtract(
  store: EventStore,
  code: string,
): Promise<{ data: ExtractIssued['data']; position: number } | null> {
  const [event] = await store.readStream(extractStream(code), { maxCount: 1 });
  return event?.type === 'ExtractIssued'
    ? { data: event.data as ExtractIssued['data'], position: event.position }
    : null;
}

/** Null for a code the register never issued. */
export async function extractStatus(
  store: EventStore,
  code: string,
  today = new Date().toISOString().slice(0, 10),
): Promise<ExtractStatus | null> {
  const issued = await issuedExtract(store, code);
  if (!issued) return null;
  const later = await store.readStream(personStream(issued.data.idcs), {
    fromVersion: issued.data.reflects.streamVersion + 1,
  });
  return statusOf(issued.data, issued.position, later, today);
}
