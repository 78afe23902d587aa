import { evolvePerson, rebuildPerson, type PersonEvent } from '../index';
import { initialPersonState, type PersonState } from '../person/state';
import { InvalidCommand } from '../shared/errors';
import { DeciderSpecification } from '../testing/decider-spec';
import { actDate, born, idcsOf, JUDGMENT, married, meta, PLACE } from '../testing/fixtures';
import { addMonths, issueExtract, type IssueExtract } from './extract.decider';
import type { ExtractRequester } from './extract.events';

const P = idcsOf(300);
const WIFE = idcsOf(301);
const given = DeciderSpecification.for({
  decide: (c: IssueExtract, s: PersonState) => issueExtract(c, { person: s }),
  evolve: evolvePerson,
  initialState: initialPersonState,
});
const SELF: ExtractRequester = { name: 'Mohammed El Alaoui', relation: 'self' };
const issue = (data: Partial<IssueExtract['data']> = {}): IssueExtract => ({
  type: 'IssueExtract',
  data: {
    code: '7K3M9QW2XD',
    idcs: P,
    kind: 'full-copy',
    format: 'pdf',
    languages: ['ar', 'fr'],
    purpose: 'administrative',
    requester: SELF,
    reflects: { streamVersion: 1, position: 42 },
    document: { sha256: 'ab'.repeat(32), keyId: 'k1', bytes: 1000 },
    ...data,
  },
  metadata: meta(),
});
const died: PersonEvent = {
  type: 'DeathRegistered',
  data: {
    idcs: P,
    act: { office: 'RBT-01', year: 2025, number: 4 },
    died: actDate('2025-01-10'),
    place: PLACE,
    declarant: { kind: 'authority', authority: 'x' },
    legalBasis: { kind: 'declaration' },
    delayDays: 1,
    registered: { by: meta().actor, on: actDate('2025-01-10') },
  },
};

describe('issueExtract', () => {
  it('records who issued it, for whom, why, and what state of the record it shows', () => {
    given(born(P))
      .when(issue())
      .then({
        extract: [
          {
            type: 'ExtractIssued',
            data: {
              code: '7K3M9QW2XD',
              idcs: P,
              kind: 'full-copy',
              format: 'pdf',
              languages: ['ar', 'fr'],
              purpose: 'administrative',
              requester: SELF,
              reflects: { streamVersion: 1, position: 42 },
              document: { sha256: 'ab'.repeat(32), keyId: 'k1', bytes: 1000 },
              issued: { by: meta().actor, at: meta().now },
              validUntil: '2025-06-10',
            },
          },
        ],
        person: [],
      });
  });

  it('writes the marginal note the law requires for a marriage file, which changes no status', () => {
    given(born(P))
      .when(issue({ purpose: 'marriage-file' }))
      .thenMatches(({ person }) => {
        expect(person).toEqual([
          {
            type: 'MarriageFileExtractNoted',
            data: {
              idcs: P,
              extractCode: '7K3M9QW2XD',
              noted: { by: meta().actor, on: actDate('2025-03-10') },
            },
          },
        ]);
        expect(rebuildPerson([born(P), ...person])).toEqual(rebuildPerson([born(P)]));
      });
  });

  it('FULL_COPY_REQUESTER: a third party gets a summary, not a full copy', () => {
    const stranger: ExtractRequester = { name: 'X', relation: 'third-party' };
    given(born(P))
      .when(issue({ requester: stranger }))
      .thenThrows('FULL_COPY_REQUESTER');
    given(born(P))
      .when(issue({ requester: stranger, kind: 'summary' }))
      .thenMatches(({ extract }) => expect(extract[0]!.data.kind).toBe('summary'));
  });

  it('a prosecutor-authorised requester must show the authorisation', () => {
    given(born(P))
      .when(issue({ requester: { name: 'X', relation: 'prosecutor-authorised' } }))
      .thenThrows(InvalidCommand);
    const authorisation = {
      authority: 'Procureur du Roi, Rabat',
      reference: 'A-1',
      date: '2025-03-01',
    };
    given(born(P))
      .when(issue({ requester: { name: 'X', relation: 'prosecutor-authorised', authorisation } }))
      .thenMatches(({ extract }) => expect(extract).toHaveLength(1));
  });

  it('REQUESTER_RELATION_ON_RECORD: a claimed spouse or self must be the one on the record', () => {
    given([born(P), married(P, WIFE)])
      .when(issue({ requester: { name: 'Fatima', relation: 'spouse', idcs: WIFE } }))
      .thenMatches(({ extract }) => expect(extract).toHaveLength(1));
    given(born(P))
      .when(issue({ requester: { name: 'Fatima', relation: 'spouse', idcs: WIFE } }))
      .thenThrows('REQUESTER_RELATION_ON_RECORD');
    given(born(P))
      .when(issue({ requester: { name: 'Y', relation: 'self', idcs: WIFE } }))
      .thenThrows('REQUESTER_RELATION_ON_RECORD');
  });

  it('a child is checked on the child’s own record', () => {
    const child = idcsOf(302);
    const childBirth = born(child);
    const withParent = {
      ...childBirth,
      data: { ...childBirth.data, father: { ...childBirth.data.father!, idcs: P } },
    };
    const decide = (requester: PersonState) =>
      issueExtract(issue({ requester: { name: 'C', relation: 'child', idcs: child } }), {
        person: rebuildPerson([born(P)]),
        requester,
      });
    expect(decide(rebuildPerson([withParent])).extract).toHaveLength(1);
    let thrown: unknown;
    try {
      decide(rebuildPerson([childBirth]));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ rule: 'REQUESTER_RELATION_ON_RECORD' });
  });

  it('no extract without a birth act in force; no marriage file after death', () => {
    given([]).when(issue()).thenThrows('PERSON_REGISTERED');
    given([born(P), { type: 'ActAnnulled', data: annulled() }])
      .when(issue())
      .thenThrows('ACT_ANNULLED');
    given([born(P), died])
      .when(issue({ purpose: 'marriage-file' }))
      .thenThrows('NOTHING_AFTER_DEATH');
    given([born(P), died])
      .when(issue())
      .thenMatches(({ extract }) => expect(extract).toHaveLength(1));
  });

  it('checks the request', () => {
    given(born(P))
      .when(issue({ kind: 'copy' as never }))
      .thenThrows(InvalidCommand);
    given(born(P))
      .when(issue({ languages: [] }))
      .thenThrows(InvalidCommand);
    given(born(P))
      .when(issue({ languages: ['ar', 'ar'] }))
      .thenThrows(InvalidCommand);
    given(born(P))
      .when(issue({ code: 'ILOU000000' }))
      .thenThrows(InvalidCommand);
  });

  it('adds months, keeping to the month’s last day', () => {
    expect(addMonths('2025-05-31', 3)).toBe('2025-08-31');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2024-01-15', 3)).toBe('2024-04-15');
  });
});

function annulled() {
  return {
    idcs: P,
    act: 'birth' as const,
    actKey: { office: 'RBT-01', year: 1990, number: 1 },
    legalBasis: JUDGMENT,
    noted: { by: meta().actor, on: actDate('2025-03-01') },
  };
}
