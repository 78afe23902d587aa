import { livingRecord, mapRecord, notBeforeBirth, notInFuture } from '../person/guards';
import type { Kafil, ParentLink, PersonState } from '../person/state';
import { DEFAULT_RULES, type CivilStatusRules } from '../rules';
import { ageOn, dayOf, latestDay } from '../shared/dates';
import { assertNever, invalid, violation } from '../shared/errors';
import type { Idcs } from '../shared/idcs';
import type { Command, CommandMetadata, FullName, LegalBasis, Recorded } from '../shared/types';
import * as v from '../shared/validate';
import type { KafalaEndReason, KafalaEnded, KafalaEvent, KafalaNoted } from './kafala.events';

export type NoteKafala = Command<'NoteKafala', { idcs: Idcs; kafil: Kafil; order: LegalBasis }>;
export type EndKafala = Command<
  'EndKafala',
  { idcs: Idcs; reason: KafalaEndReason; date: string; legalBasis: LegalBasis }
>;

export function noteKafala(
  command: NoteKafala,
  state: PersonState,
  rules: CivilStatusRules = DEFAULT_RULES,
): KafalaNoted[] {
  const d = command.data;
  const idcs = v.idcs('data.idcs', d.idcs);
  kafil('data.kafil', d.kafil);
  const order = v.legalBasis('data.order', d.order);
  const child = livingRecord(state, 'child');
  if (order.kind !== 'judgment')
    violation('KAFALA_BY_JUDGE_ORDER', `Legal basis is a ${order.kind}`);
  notInFuture('The kafala order', order.date, command.metadata.now);
  notBeforeBirth(child, 'The kafala order', order.date);
  if (child.kafala !== null) {
    violation('ONE_KAFALA_AT_A_TIME', `Under kafala since ${child.kafala.since}`);
  }
  // Unknown date of birth: kafala is refused until it is established (by rectification).
  const age = child.birthDate === null ? null : ageOn(latestDay(child.birthDate), order.date);
  if (age === null || age >= rules.majorityAge) {
    violation('KAFALA_OF_A_MINOR', `The child's age on ${order.date} is ${age ?? 'unknown'}`);
  }
  const { kind: _kind, ...judgment } = order;
  return [
    {
      type: 'KafalaNoted',
      data: { idcs, kafil: d.kafil, order: judgment, noted: recorded(command.metadata) },
    },
  ];
}

export function endKafala(command: EndKafala, state: PersonState): KafalaEnded[] {
  const d = command.data;
  const idcs = v.idcs('data.idcs', d.idcs);
  v.isoDate('data.date', d.date);
  if (!['majority', 'revoked', 'kafil-deceased', 'other'].includes(d.reason)) {
    invalid('data.reason', 'majority, revoked, kafil-deceased or other');
  }
  const legalBasis = v.legalBasis('data.legalBasis', d.legalBasis);
  const child = livingRecord(state, 'child');
  if (child.kafala === null) violation('KAFALA_IN_FORCE', 'The child is not under kafala');
  notInFuture('The end of kafala', d.date, command.metadata.now);
  if (d.date < child.kafala.since)
    invalid('data.date', `before the kafala (${child.kafala.since})`);
  return [
    {
      type: 'KafalaEnded',
      data: { idcs, reason: d.reason, date: d.date, legalBasis, noted: recorded(command.metadata) },
    },
  ];
}

function kafil(path: string, value: Kafil): void {
  const person = (p: string, link: ParentLink | undefined) => {
    v.fullName(`${p}.name`, link?.name as FullName | undefined);
    if (link?.idcs !== undefined) v.idcs(`${p}.idcs`, link.idcs);
  };
  switch (value?.kind) {
    case 'couple':
      person(`${path}.husband`, value.husband);
      person(`${path}.wife`, value.wife);
      return;
    case 'woman':
      person(`${path}.woman`, value.woman);
      return;
    case 'institution':
      v.text(`${path}.name`, value.name);
      return;
    default:
      invalid(`${path}.kind`, 'couple, woman or institution');
  }
}

const recorded = (m: CommandMetadata): Recorded => ({
  by: m.actor,
  on: v.actDate('metadata.now', { date: dayOf(m.now) }),
});

export function evolve(state: PersonState, event: KafalaEvent): PersonState {
  switch (event.type) {
    case 'KafalaNoted': {
      const { kafil: holder, order } = event.data;
      return mapRecord(state, (r) => ({
        ...r,
        kafala: { kafil: holder, since: order.date, order },
      }));
    }
    case 'KafalaEnded':
      return mapRecord(state, (r) => ({ ...r, kafala: null }));
    default:
      return assertNever(event);
  }
}
