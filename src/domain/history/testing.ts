import type { PersonEvent } from '../index';
import type { Actor } from '../shared/types';
import { asPersonEvent } from './effect';
import { legalBasisOf } from './describe';
import type { HistoryEvent } from './types';

/**
 * Stored events for specs: each domain event with the instant it was recorded (and, when it
 * matters, who recorded it), versions and positions in the order given.
 */
export function storedStream(
  entries: readonly (readonly [PersonEvent, string] | readonly [PersonEvent, string, Actor])[],
  firstPosition = 1,
): HistoryEvent[] {
  return entries.map(([event, recordedAt, actor], i) => {
    const bare: HistoryEvent = {
      position: firstPosition + i * 2,
      version: i + 1,
      type: event.type,
      data: event.data,
      metadata: {},
      occurredAt: null,
      recordedAt,
    };
    const basis = legalBasisOf(bare, asPersonEvent(bare));
    return {
      ...bare,
      metadata: {
        ...(actor && { actor }),
        ...(basis && { legalBasis: basis }),
      },
    };
  });
}
