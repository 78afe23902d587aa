import { livingRecord, mapRecord, notInFuture } from '../person/guards';
import type { PersonState } from '../person/state';
import { dayOf } from '../shared/dates';
import { assertNever, invalid, violation } from '../shared/errors';
import type { Idcs } from '../shared/idcs';
import type { Command, DateInput, LegalBasis } from '../shared/types';
import * as v from '../shared/validate';
import type { DivorceEvent, DivorceKind, DivorceNoted } from './divorce.events';

export type NoteDivorce = Command<
  'NoteDivorce',
  { husband: Idcs; wife: Idcs; kind: DivorceKind; date: DateInput; legalBasis: LegalBasis }
>;

const KINDS: readonly DivorceKind[] = ['talaq', 'tatliq', 'khul', 'mutual-consent'];

export function noteDivorce(
  command: NoteDivorce,
  states: { husband: PersonState; wife: PersonState },
): { husband: DivorceNoted[]; wife: DivorceNoted[] } {
  const d = command.data;
  const husbandIdcs = v.idcs('data.husband', d.husband);
  const wifeIdcs = v.idcs('data.wife', d.wife);
  if (!KINDS.includes(d.kind)) invalid('data.kind', KINDS.join(', '));
  const date = v.actDate('data.date', d.date);
  const basis = v.legalBasis('data.legalBasis', d.legalBasis);
  if (basis.kind !== 'judgment' && basis.kind !== 'act') {
    invalid('data.legalBasis.kind', 'a divorce rests on a judgment or an adoul act');
  }
  const husband = livingRecord(states.husband, 'husband');
  const wife = livingRecord(states.wife, 'wife');
  const marriage = husband.spouses.find((s) => s.idcs === wifeIdcs);
  if (!marriage || !wife.spouses.some((s) => s.idcs === husbandIdcs)) {
    violation(
      'MARRIED_TO_EACH_OTHER',
      `${husbandIdcs} and ${wifeIdcs} are not married to each other`,
    );
  }
  notInFuture('The divorce', date.gregorian, command.metadata.now);
  notInFuture('The legal basis', basis.date, command.metadata.now);
  if (date.gregorian < marriage.since) {
    violation('DIVORCE_AFTER_MARRIAGE', `Divorce ${date.gregorian}, marriage ${marriage.since}`);
  }
  const event: DivorceNoted = {
    type: 'DivorceNoted',
    data: {
      marriageId: marriage.marriageId,
      husband: husbandIdcs,
      wife: wifeIdcs,
      kind: d.kind,
      date,
      legalBasis: basis,
      noted: {
        by: command.metadata.actor,
        on: v.actDate('metadata.now', { date: dayOf(command.metadata.now) }),
      },
    },
  };
  return { husband: [event], wife: [event] };
}

export function evolve(state: PersonState, event: DivorceEvent): PersonState {
  switch (event.type) {
    case 'DivorceNoted': {
      const { husband, wife, date } = event.data;
      return mapRecord(state, (r) => {
        const other = r.idcs === husband ? wife : r.idcs === wife ? husband : null;
        const ending = r.spouses.filter((s) => s.idcs === other);
        if (ending.length === 0) return r;
        return {
          ...r,
          spouses: r.spouses.filter((s) => s.idcs !== other),
          endedMarriages: [
            ...r.endedMarriages,
            ...ending.map((s) => ({ ...s, ended: date.gregorian, by: 'divorce' as const })),
          ],
        };
      });
    }
    default:
      return assertNever(event.type);
  }
}
