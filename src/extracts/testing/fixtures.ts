/** A person's stream and an issue, to draw extracts in tests and benchmarks. */
import type { ExtractKind, ExtractLanguage, FullName } from '../../domain';
import { actDate, born, idcsOf, JUDGMENT, married, meta } from '../../domain/testing/fixtures';
import type { SourceEvent } from '../content';
import type { ExtractDraft } from '../draw';

export const P = idcsOf(7001);
export const SPOUSE = idcsOf(7002);

/** Born 1990, married 2015, a birth date rectified by judgment in 2025. */
export function lifeOf(idcs = P, name?: FullName): SourceEvent[] {
  return [
    born(idcs, name ? { name } : {}),
    married(idcs, SPOUSE),
    {
      type: 'RectificationNoted',
      data: {
        idcs,
        field: 'birthDate',
        oldValue: '1990-05-14',
        newValue: '1990-05-15',
        kind: 'substantive',
        legalBasis: JUDGMENT,
        noted: { by: meta().actor, on: actDate('2025-03-05') },
      },
    },
  ].map((e, i) => ({ ...e, position: 100 + i, version: i + 1 }));
}

export function draft(
  options: {
    kind?: ExtractKind;
    format?: 'pdf' | 'json';
    languages?: ExtractLanguage[];
    code?: string;
    idcs?: string;
  } = {},
): ExtractDraft {
  return {
    code: options.code ?? '7K3M9QW2XD',
    idcs: options.idcs ?? P,
    kind: options.kind ?? 'full-copy',
    format: options.format ?? 'pdf',
    languages: options.languages ?? ['ar', 'fr'],
    purpose: 'administrative',
    requester: { name: 'محمد العلوي', relation: 'self' },
    reflects: { streamVersion: 3, position: 102 },
    issued: { by: meta().actor, at: '2025-03-10T10:00:00+01:00' },
    validUntil: '2025-06-10',
  };
}
