/**
 * The family of test/api/family-life.e2e-spec.ts, built through the registration API with
 * the same steps in the same order (less the marriage refused after the death, which writes
 * nothing), keeping each step's transaction time (the reply's `recordedAt`) so that
 * legal-history tests can travel back to it.
 */
import { FES, adoulAct, birth, daysAgo, judgment, lateBirth, name } from './acts';
import type { Server } from './http';

export interface StepReply {
  persons: string[];
  acts: { office: string; year: number; number: number; kind: string }[];
  position: number;
  recordedAt: string;
}

export interface Family {
  /** Digitised from a 1962 paper act; married 1988, divorced 2000, remarried 2002, dead. */
  father: string;
  /** Registered late by judgment (born 1966-04-02). */
  mother: string;
  /** Born 1990-02-11, registered late; birth date rectified to 1990-02-12. */
  first: string;
  second: string;
  /** Born 1972-09-30, married the father on 2002-05-20; widowed. */
  secondWife: string;
  /** A duplicate registration of the second wife, annulled by judgment. */
  duplicate: string;
  /** The death date (two days ago) and the second child's birth date (four days ago). */
  deathDate: string;
  secondBorn: string;
  /** Transaction time of each step: the instant its events were recorded. */
  at: {
    fatherDigitised: string;
    motherBorn: string;
    married: string;
    firstBorn: string;
    secondBorn: string;
    divorced: string;
    secondWifeBorn: string;
    remarried: string;
    firstRectified: string;
    duplicateBorn: string;
    duplicateAnnulled: string;
    fatherDied: string;
    fatherRectified: string;
  };
}

export async function buildFamily(server: Server): Promise<Family> {
  const registrar = server.as('registrar', 'BEC-0412');
  const created = async (path: string, body: unknown, office = 'BEC-0412') => {
    const client = office === 'BEC-0412' ? registrar : server.as('registrar', office);
    const res = await client.post<StepReply>(path, body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const deathDate = daysAgo(2);
  const secondBorn = daysAgo(4);

  const fatherAct = await created(
    '/legacy-acts',
    {
      original: { office: 'BEC-0101', year: 1962, actNumber: 317, volume: '4', folio: '112' },
      scanSha256: 'ab'.repeat(32),
      transcription: {
        name: {
          given: { ar: 'عبد الله', lat: 'Abdellah' },
          family: { ar: 'العلوي', lat: 'Alaoui' },
        },
        sex: 'M',
        born: { date: '1962', place: FES },
      },
    },
    'BEC-0101',
  );
  const father = fatherAct.persons[0]!;
  const motherAct = await created(
    '/births',
    lateBirth('BEC-0412', { given: 'فاطمة', family: 'بناني', sex: 'F', born: '1966-04-02' }, 'J-1'),
  );
  const mother = motherAct.persons[0]!;
  const marriage = await created('/marriages', {
    husband: father,
    wife: mother,
    date: { date: '1988-07-01' },
    contract: adoulAct('ADL-1988-12', '1988-07-01'),
  });
  const firstAct = await created('/births', {
    ...lateBirth(
      'BEC-0412',
      { given: 'يوسف', family: 'العلوي', sex: 'M', born: '1990-02-11' },
      'J-2',
    ),
    filiation: {
      kind: 'both-parents',
      father: { idcs: father, name: name('عبد الله', 'العلوي') },
      mother: { idcs: mother, name: name('فاطمة', 'بناني') },
    },
  });
  const first = firstAct.persons[0]!;
  const secondAct = await created(
    '/births',
    birth(
      'BEC-0412',
      { given: 'مريم', family: 'العلوي', sex: 'F', born: secondBorn },
      { father, mother },
    ),
  );
  const divorce = await created('/divorces', {
    husband: father,
    wife: mother,
    kind: 'mutual-consent',
    date: { date: '2000-03-15' },
    legalBasis: judgment('J-3', '2000-03-15'),
  });
  const secondWifeAct = await created(
    '/births',
    lateBirth('BEC-0412', { given: 'سعاد', family: 'الفاسي', sex: 'F', born: '1972-09-30' }, 'J-4'),
  );
  const secondWife = secondWifeAct.persons[0]!;
  const remarriage = await created('/marriages', {
    husband: father,
    wife: secondWife,
    date: { date: '2002-05-20' },
    contract: adoulAct('ADL-2002-7', '2002-05-20'),
  });
  const firstRectified = await created(`/persons/${first}/rectifications`, {
    field: 'birthDate',
    oldValue: '1990-02-11',
    newValue: '1990-02-12',
    legalBasis: judgment('J-5'),
  });
  const duplicateAct = await created(
    '/births',
    lateBirth('BEC-0412', { given: 'سعاد', family: 'الفاسي', sex: 'F', born: '1972-09-30' }, 'J-6'),
  );
  const duplicate = duplicateAct.persons[0]!;
  const annulment = await created(`/persons/${duplicate}/annulments`, {
    act: 'birth',
    legalBasis: judgment('J-7'),
  });
  const death = await created('/deaths', {
    idcs: father,
    office: 'BEC-0412',
    died: { date: deathDate },
    place: FES,
    declarant: { kind: 'family', name: name('يوسف', 'العلوي'), relation: 'son', idcs: first },
    legalBasis: { kind: 'declaration' },
  });
  const fatherRectified = await created(`/persons/${father}/rectifications`, {
    field: 'givenName.lat',
    oldValue: 'Abdellah',
    newValue: 'Abdallah',
    legalBasis: judgment('J-8'),
  });
  return {
    father,
    mother,
    first,
    second: secondAct.persons[0]!,
    secondWife,
    duplicate,
    deathDate,
    secondBorn,
    at: {
      fatherDigitised: fatherAct.recordedAt,
      motherBorn: motherAct.recordedAt,
      married: marriage.recordedAt,
      firstBorn: firstAct.recordedAt,
      secondBorn: secondAct.recordedAt,
      divorced: divorce.recordedAt,
      secondWifeBorn: secondWifeAct.recordedAt,
      remarried: remarriage.recordedAt,
      firstRectified: firstRectified.recordedAt,
      duplicateBorn: duplicateAct.recordedAt,
      duplicateAnnulled: annulment.recordedAt,
      fatherDied: death.recordedAt,
      fatherRectified: fatherRectified.recordedAt,
    },
  };
}
