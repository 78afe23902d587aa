import { actDate, born, idcsOf, meta } from '../domain/testing/fixtures';
import { extractBody, NoBirthAct } from './content';
import { lifeOf, P } from './testing/fixtures';

const value = (rows: { key: string; value: { ar: string; fr: string } }[], key: string) =>
  rows.find((r) => r.key === key)?.value;

describe('what an extract says', () => {
  it('a summary: the act as it now reads, both calendars, father, grandfather, mother', () => {
    const { rows, notes, record } = extractBody('summary', {
      idcs: P,
      events: lifeOf(),
      grandfather: { ar: 'إدريس', lat: 'Driss' },
    });
    expect(rows.map((r) => r.key)).toEqual([
      'act',
      'idcs',
      'givenName',
      'familyName',
      'sex',
      'birthDate',
      'birthDateHijri',
      'birthPlace',
      'father',
      'paternalGrandfather',
      'mother',
    ]);
    // Rectified from the 14th: the Hijri date as written was for the 14th, so it is computed.
    expect(value(rows, 'birthDate')).toEqual({ ar: '15 ماي 1990', fr: '15 mai 1990' });
    expect(value(rows, 'birthDateHijri')?.ar).toBe('20 شوال 1410 هـ (محسوب وفق تقويم أم القرى)');
    expect(value(rows, 'paternalGrandfather')).toEqual({ ar: 'إدريس', fr: 'Driss' });
    expect(value(rows, 'mother')).toEqual({ ar: 'خديجة التازي', fr: 'خديجة التازي' });
    expect(notes).toEqual([]);
    expect(record).not.toHaveProperty('declarant');
  });

  it('a full copy adds the declarant, the basis, the drawing up and every marginal note', () => {
    const { rows, notes } = extractBody('full-copy', {
      idcs: P,
      events: lifeOf(),
      grandfather: null,
    });
    expect(value(rows, 'declarant')).toEqual({
      ar: 'خديجة التازي (الأم)',
      fr: 'خديجة التازي (la mère)',
    });
    expect(value(rows, 'paternalGrandfather')).toEqual({ ar: 'غير مذكور', fr: 'non mentionné' });
    expect(notes.map((n) => [n.type, n.position, n.on])).toEqual([
      ['MarriageNoted', 101, '2015-06-01'],
      ['RectificationNoted', 102, '2025-03-05'],
    ]);
    expect(notes[1]!.text.ar).toBe(
      'تصحيح تاريخ الازدياد من «14 ماي 1990» إلى «15 ماي 1990»، حكم TPI Rabat عدد J-2025-117 بتاريخ 3 مارس 2025',
    );
    expect(notes[0]!.text.fr).toMatch(/^Mariage avec Fatima Bennani le 1 juin 2015/);
  });

  it('shows the death, and the note of an extract issued for a marriage file', () => {
    const P2 = idcsOf(7100);
    const events = [
      born(P2),
      {
        type: 'MarriageFileExtractNoted',
        data: {
          idcs: P2,
          extractCode: 'AAAAA11111',
          noted: { by: meta().actor, on: actDate('2025-01-02') },
        },
      },
      {
        type: 'DeathRegistered',
        data: {
          idcs: P2,
          act: { office: 'RBT-01', year: 2025, number: 9 },
          died: actDate('2025-02-01'),
          place: { region: '04', province: '04.441', commune: '04.441.01.01' },
          declarant: { kind: 'authority', authority: 'x' },
          legalBasis: { kind: 'declaration' },
          delayDays: 1,
          registered: { by: meta().actor, on: actDate('2025-02-02') },
        },
      },
    ].map((e, i) => ({ ...e, position: i + 1, version: i + 1 }));
    const { rows, notes, record } = extractBody('full-copy', {
      idcs: P2,
      events,
      grandfather: null,
    });
    expect(record.status).toBe('deceased');
    expect(value(rows, 'death')?.fr).toBe('1 février 2025, acte n° 9/2025 (RBT-01)');
    expect(notes.map((n) => n.text.fr)).toEqual([
      'Extrait délivré pour un dossier de mariage le 2 janvier 2025 (code AAAAA11111)',
      'Décédé(e) le 1 février 2025, acte de décès n° 9/2025 (RBT-01)',
    ]);
  });

  it('there is no extract without a birth act', () => {
    expect(() => extractBody('summary', { idcs: P, events: [], grandfather: null })).toThrow(
      NoBirthAct,
    );
  });
});
