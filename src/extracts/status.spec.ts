import type { ExtractIssued } from '../domain';
import { changesSince, describeChanges, statusOf, type LaterEvent } from './status';

const issued = (kind: 'full-copy' | 'summary'): ExtractIssued['data'] => ({
  code: 'AAAAA11111',
  idcs: '1000000057',
  kind,
  format: 'pdf',
  languages: ['ar', 'fr'],
  purpose: 'marriage-file',
  requester: { name: 'X', relation: 'self' },
  reflects: { streamVersion: 3, position: 40 },
  document: { sha256: 'ab'.repeat(32), keyId: 'k', bytes: 1 },
  issued: { by: { userId: 'u', role: 'registrar' }, at: '2025-03-10T10:00:00+01:00' },
  validUntil: '2025-06-10',
});
const event = (type: string, data: object = {}, version = 4): LaterEvent => ({
  type,
  data,
  position: 50 + version,
  version,
  recordedAt: '2025-04-01T10:00:00Z',
});
const ownNote = event('MarriageFileExtractNoted', { extractCode: 'AAAAA11111' });

describe('changes since an extract was issued', () => {
  it('its own marginal note is no change', () => {
    expect(changesSince(issued('full-copy'), [ownNote])).toEqual([]);
    expect(statusOf(issued('full-copy'), 60, [ownNote], '2025-04-01').status).toBe('valid');
  });

  it('a rectification supersedes both kinds, and is named with its field', () => {
    const later = [ownNote, event('RectificationNoted', { field: 'birthDate' }, 5)];
    for (const kind of ['full-copy', 'summary'] as const) {
      const status = statusOf(issued(kind), 60, later, '2025-04-01');
      expect(status.status).toBe('superseded');
      expect(status.changes).toEqual([
        expect.objectContaining({
          type: 'RectificationNoted',
          change: 'rectified',
          field: 'birthDate',
          position: 55,
          supersedes: true,
        }),
      ]);
      expect(describeChanges(status.changes)).toEqual([
        'the record was rectified after issue: RectificationNoted (birthDate) at position 55, recorded 2025-04-01T10:00:00Z',
      ]);
    }
  });

  it('a marriage or another extract’s note supersedes a full copy, not a summary', () => {
    const later = [
      event('MarriageNoted'),
      event('MarriageFileExtractNoted', { extractCode: 'B' }, 5),
    ];
    expect(statusOf(issued('full-copy'), 60, later, '2025-04-01').status).toBe('superseded');
    const summary = statusOf(issued('summary'), 60, later, '2025-04-01');
    expect(summary.status).toBe('valid');
    expect(summary.changes.map((c) => [c.change, c.supersedes])).toEqual([
      ['married', false],
      ['extract-noted', false],
    ]);
  });

  it('death, annulment and unknown event types supersede a summary', () => {
    for (const type of ['DeathRegistered', 'ActAnnulled', 'SomethingNew'])
      expect(statusOf(issued('summary'), 60, [event(type)], '2025-04-01').status).toBe(
        'superseded',
      );
  });

  it('is past its validity after three months, which says nothing of its truth', () => {
    expect(statusOf(issued('summary'), 60, [], '2025-06-10').expired).toBe(false);
    const late = statusOf(issued('summary'), 60, [], '2025-06-11');
    expect([late.expired, late.status]).toEqual([true, 'valid']);
  });
});
