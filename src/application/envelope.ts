/**
 * From domain events (plain { type, data }) to the store's envelope: who acted, on what
 * legal basis, and when the civil event happened (valid time).
 */
import type { CommandMetadata } from '../domain';
import type { LegalBasis as StoredLegalBasis, NewEvent } from '../eventstore';

export interface DomainEventLike {
  type: string;
  data: unknown;
}

export interface RequestContext extends CommandMetadata {
  correlationId: string;
}

type Dated = { gregorian?: unknown } | string | undefined;

/** Valid time of an event: the birth, death, marriage or divorce date it records. */
export function occurredAtOf(event: DomainEventLike): string | undefined {
  const data = event.data as Record<string, unknown>;
  const child = data.child as { born?: Dated } | undefined;
  for (const candidate of [child?.born, data.died, data.date, data.effectiveDate] as Dated[]) {
    const day = typeof candidate === 'string' ? candidate : candidate?.gregorian;
    if (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day)) return `${day}T00:00:00Z`;
  }
  return undefined;
}

function legalBasisOf(event: DomainEventLike): StoredLegalBasis | undefined {
  const data = event.data as Record<string, unknown>;
  const basis = data.legalBasis ?? data.contract ?? data.order;
  if (!basis || typeof basis !== 'object') return undefined;
  // A kafala order is a judgment without a `kind`.
  return 'kind' in basis ? (basis as StoredLegalBasis) : { kind: 'judgment', ...basis };
}

/** The domain's view of the context: the clock, the actor, the command id. */
export function metadataOf(context: RequestContext): CommandMetadata {
  return { now: context.now, actor: context.actor, commandId: context.commandId };
}

export function toNewEvents(
  events: readonly DomainEventLike[],
  context: RequestContext,
): NewEvent[] {
  return events.map((event) => ({
    type: event.type,
    data: event.data,
    occurredAt: occurredAtOf(event),
    metadata: {
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.commandId,
      legalBasis: legalBasisOf(event),
    },
  }));
}
