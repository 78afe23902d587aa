import type { PersonEvent } from '../index';
import type { Kafil, ParentLink } from '../person/state';
import { assertNever } from '../shared/errors';
import type { Actor, ActKey, LegalBasis, TranscribedFullName } from '../shared/types';
import type { BasisOfRecord, HistoryEvent } from './types';

/** `BEC-0412/2025/3`, with volume and folio for paper acts. */
export function actLabel(act: ActKey): string {
  const paper = act.volume ? ` (volume ${act.volume}, folio ${act.folio ?? '?'})` : '';
  return `${act.office}/${act.year}/${act.number}${paper}`;
}

/** Arabic first (authoritative), the Latin transcription in brackets when there is one. */
export function nameLabel(name: TranscribedFullName): string {
  const ar = [name.given.ar, name.family.ar].filter(Boolean).join(' ');
  const lat = [name.given.lat, name.family.lat].filter(Boolean).join(' ');
  if (ar && lat) return `${ar} (${lat})`;
  return ar || lat || '(no name)';
}

const who = (link: ParentLink): string =>
  link.idcs ? `${nameLabel(link.name)} [${link.idcs}]` : nameLabel(link.name);

function kafilLabel(kafil: Kafil): string {
  switch (kafil.kind) {
    case 'couple':
      return `the couple ${who(kafil.husband)} and ${who(kafil.wife)}`;
    case 'woman':
      return who(kafil.woman);
    case 'institution':
      return `the institution ${kafil.name}`;
    default:
      return assertNever(kafil);
  }
}

const quoted = (value: string | null): string => (value === null ? '(none)' : `"${value}"`);

/** One sentence per event, for a person reading the history. */
export function describe(event: PersonEvent): string {
  switch (event.type) {
    case 'BirthPreDeclared': {
      const d = event.data;
      return `Birth pre-declared by ${d.facility.name}: ${d.child.sex}, born ${d.child.born.gregorian}`;
    }
    case 'BirthRegistered': {
      const d = event.data;
      const late =
        d.legalBasis.kind === 'judgment'
          ? `, by declaratory judgment ${d.legalBasis.reference}`
          : '';
      return `Birth act ${actLabel(d.act)}: ${nameLabel(d.child.name)}, ${d.child.sex}, born ${d.child.born.gregorian}${late}`;
    }
    case 'LegacyActDigitised': {
      const o = event.data.original;
      const born = event.data.transcription.born?.date;
      return `Paper act ${o.office}/${o.year}/${o.actNumber} (volume ${o.volume}, folio ${o.folio}) digitised${born ? `: born ${born}` : ''}`;
    }
    case 'DeathRegistered':
      return `Death act ${actLabel(event.data.act)}: died ${event.data.died.gregorian}`;
    case 'UnidentifiedDeathRegistered':
      return `Death act ${actLabel(event.data.act)} for an unidentified body: died ${event.data.died.gregorian}`;
    case 'DeceasedIdentified': {
      const { idcs, name } = event.data.identifiedAs;
      return `Deceased identified as ${nameLabel(name)}${idcs ? ` [${idcs}]` : ''}`;
    }
    case 'MarriageDissolvedByDeath':
      return `Marriage with ${event.data.deceased} dissolved by death on ${event.data.on} (death act ${actLabel(event.data.deathAct)})`;
    case 'MarriageNoted': {
      const { husband, wife, date } = event.data;
      return `Marriage of ${nameLabel(husband.name)} [${husband.idcs}] and ${nameLabel(wife.name)} [${wife.idcs}] on ${date.gregorian}`;
    }
    case 'DivorceNoted': {
      const { husband, wife, kind, date } = event.data;
      return `Divorce (${kind}) of ${husband} and ${wife}, in effect from ${date.gregorian}`;
    }
    case 'PaternityRecognised': {
      const { father, newFamilyName } = event.data;
      const renamed = newFamilyName ? `; family name now ${newFamilyName.ar}` : '';
      return `Paternity recognised: father ${who({ ...(father.idcs && { idcs: father.idcs }), name: father.name })}${renamed}`;
    }
    case 'KafalaNoted':
      return `Kafala order ${event.data.order.reference} of ${event.data.order.date}: kafil ${kafilLabel(event.data.kafil)}`;
    case 'KafalaEnded':
      return `Kafala ended (${event.data.reason}) on ${event.data.date}`;
    case 'NameChanged':
      return `Name changed from ${nameLabel(event.data.previous)} to ${nameLabel(event.data.name)}`;
    case 'RectificationNoted': {
      const { field, oldValue, newValue, kind } = event.data;
      return `Rectification (${kind}) of ${field}: ${quoted(oldValue)} → ${quoted(newValue)}; the original entry stays`;
    }
    case 'ActAnnulled':
      return `The ${event.data.act} act ${actLabel(event.data.actKey)} annulled: void from the start`;
    case 'MarriageFileExtractNoted':
      return `Extract ${event.data.extractCode} issued for a marriage file`;
    default:
      return assertNever(event);
  }
}

/** Who wrote the event: the envelope's actor, else the officer the act names. */
export function actorOf(stored: HistoryEvent, event: PersonEvent | null): Actor | null {
  if (stored.metadata.actor) return stored.metadata.actor;
  if (!event) return null;
  switch (event.type) {
    case 'BirthPreDeclared':
      return event.data.by;
    case 'BirthRegistered':
    case 'DeathRegistered':
    case 'UnidentifiedDeathRegistered':
      return event.data.registered.by;
    case 'LegacyActDigitised':
      return event.data.transcribedBy;
    case 'MarriageDissolvedByDeath':
      return null;
    case 'DeceasedIdentified':
    case 'MarriageNoted':
    case 'DivorceNoted':
    case 'PaternityRecognised':
    case 'KafalaNoted':
    case 'KafalaEnded':
    case 'NameChanged':
    case 'RectificationNoted':
    case 'ActAnnulled':
    case 'MarriageFileExtractNoted':
      return event.data.noted.by;
    default:
      return assertNever(event);
  }
}

const basis = (b: LegalBasis): BasisOfRecord => ({ ...b });

/**
 * On what basis: the envelope's legal basis, else the one the event carries; for a
 * transcription, the paper act; for a marriage ended by a spouse's death, the death act.
 */
export function legalBasisOf(
  stored: HistoryEvent,
  event: PersonEvent | null,
): BasisOfRecord | null {
  if (stored.metadata.legalBasis) return stored.metadata.legalBasis;
  if (!event) return null;
  switch (event.type) {
    case 'BirthPreDeclared':
      return { kind: 'pre-declaration', authority: event.data.facility.name };
    case 'LegacyActDigitised': {
      const o = event.data.original;
      return {
        kind: 'transcription',
        source: `paper act ${o.office}/${o.year}/${o.actNumber}, volume ${o.volume}, folio ${o.folio}`,
      };
    }
    case 'MarriageDissolvedByDeath':
      return { kind: 'death-act', reference: actLabel(event.data.deathAct) };
    case 'MarriageNoted':
      return basis(event.data.contract);
    case 'KafalaNoted':
      return { kind: 'judgment', ...event.data.order };
    case 'MarriageFileExtractNoted':
      return { kind: 'extract', reference: event.data.extractCode };
    case 'BirthRegistered':
    case 'DeathRegistered':
    case 'UnidentifiedDeathRegistered':
    case 'DeceasedIdentified':
    case 'DivorceNoted':
    case 'PaternityRecognised':
    case 'KafalaEnded':
    case 'NameChanged':
    case 'RectificationNoted':
    case 'ActAnnulled':
      return basis(event.data.legalBasis);
    default:
      return assertNever(event);
  }
}
