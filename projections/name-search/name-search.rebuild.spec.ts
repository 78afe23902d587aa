import { born, idcsOf } from '../../src/domain/testing/fixtures';
import type { RebuildEvent } from '../../src/projection/projection';
import { linkFamilies, parse } from './name-search.candidates';
import { rowLine, rowLineSlow } from './name-search.copy';
import { NameSearchRebuilder } from './name-search.rebuild';
import { change, COLUMNS, KeyPairCounts, type IndexRow, type NameEvent } from './rows';

const [A, B, C] = [1, 2, 3].map(idcsOf) as [string, string, string];
let position = 0;

function event(
  stream: string,
  e: { type: string; data: unknown },
  lastOfStream: boolean,
): RebuildEvent {
  return { ...e, streamId: stream, position: ++position, lastOfStream } as RebuildEvent;
}

const death = (idcs: string) => ({ type: 'DeathRegistered', data: { idcs } });

describe('name search rebuild: the fold', () => {
  it('writes a row once, at its stream’s last event, as the incremental fold leaves it', () => {
    const rebuilder = new NameSearchRebuilder();
    const first = rebuilder.fold([
      event(`person-${A}`, born(A), false),
      event(`person-${B}`, born(B, { sex: 'F' }), true),
    ]);
    expect(first).toHaveLength(1);
    expect(first[0]!.startsWith(`${B}\t`)).toBe(true);
    expect(rebuilder.openRows()).toBe(1);
    const second = rebuilder.fold([event(`person-${A}`, death(A), true)]);
    const row = change(null, born(A), 1);
    if (row.kind !== 'write') throw new Error('a birth writes a row');
    const final = change(row.row, death(A) as NameEvent, position);
    if (final.kind !== 'write') throw new Error('a death writes a row');
    expect(second).toEqual([rowLine(final.row)]);
    expect(rebuilder.openRows()).toBe(0);
  });

  it('closes a stream on the last event of a type it does not read, and skips other streams', () => {
    const rebuilder = new NameSearchRebuilder();
    expect(rebuilder.fold([event(`person-${C}`, born(C), false)])).toEqual([]);
    const closed = rebuilder.fold([
      event('register-RBT-01-2025', { type: 'ActNumberAllocated', data: {} }, true),
      event(`person-${C}`, { type: 'MarriageNoted', data: {} }, true),
    ]);
    expect(closed).toHaveLength(1);
    expect(rebuilder.openRows()).toBe(0);
  });

  it('refuses an event about a person on another stream: its row could not be known final', () => {
    expect(() => new NameSearchRebuilder().fold([event(`person-${A}`, born(B), false)])).toThrow(
      /not be known final/,
    );
  });
});

describe('name search rebuild: COPY lines and groups', () => {
  const base = (() => {
    const r = change(null, born(A), 7);
    if (r.kind !== 'write') throw new Error('a birth writes a row');
    return r.row;
  })();

  it.each<[string, Partial<IndexRow>]>([
    ['a plain row', {}],
    ['nulls and siblings', { sex: null, birth_year: null, siblings: [B, C], commune: null }],
    ['a tab, a backslash, line breaks', { given_lat: 'Kha\tdija\\', family_ar: 'بنا\nني\r' }],
    ['a value that reads as null', { given_lat: '\\N' }],
  ])('writes %s as COPY escapes it', (_, change) => {
    const row = { ...base, ...change };
    expect(rowLine(row)).toBe(rowLineSlow(row));
    // Escaped, a tab inside a value is no separator.
    expect(rowLine(row).split('\t')).toHaveLength(COLUMNS.length);
  });

  it('reads back the scored fields of a row sent as one line', () => {
    const line = [A, 'RBT-01', '1990', 'محمد', 'mahamad', '\u001e', 'alawi', 'M', '1990-05-14']
      .concat(['04.441.01.01', '04.441', 'احمد', '\u001e', 'علوي', '\u001e'])
      .concat(['خديجة', '\u001e', 'تازي', 'tazi', `${B},${C}`])
      .join('\u001f');
    expect(parse(line)).toEqual({
      idcs: A,
      office: 'RBT-01',
      birth_year: 1990,
      given_ar_key: 'محمد',
      given_lat_key: 'mahamad',
      family_ar_key: null,
      family_lat_key: 'alawi',
      sex: 'M',
      birth_date: '1990-05-14',
      commune: '04.441.01.01',
      province: '04.441',
      father_given_ar_key: 'احمد',
      father_given_lat_key: null,
      father_family_ar_key: 'علوي',
      father_family_lat_key: null,
      mother_given_ar_key: 'خديجة',
      mother_given_lat_key: null,
      mother_family_ar_key: 'تازي',
      mother_family_lat_key: 'tazi',
      siblings: [B, C],
    });
    expect(() => parse('too\u001ffew')).toThrow(/fields/);
  });

  it('groups the family keys linked in either script, and counts the group’s rows', () => {
    const families = new KeyPairCounts();
    families.add('علوي', 'alawi', 10);
    families.add(null, 'alawi', 2);
    families.add('علوي', 'elalawi', 3);
    families.add('تازي', 'tazi', 4);
    families.add('تازي', null, 1);
    families.add('فاسي', null, 5);
    const { ar, lat, group, largest } = linkFamilies(families.entries());
    const of = (a: string, l: string) => group[ar.findIndex((x, i) => x === a && lat[i] === l)];
    expect(of('علوي', 'alawi')).toBe(of('', 'alawi'));
    expect(of('علوي', 'alawi')).toBe(of('علوي', 'elalawi'));
    expect(of('تازي', 'tazi')).toBe(of('تازي', ''));
    expect(new Set([of('علوي', 'alawi'), of('تازي', 'tazi'), of('فاسي', '')]).size).toBe(3);
    expect(largest).toBe(15);
  });

  it('counts key pairs, a missing key as empty, nothing for a name without keys', () => {
    const counts = new KeyPairCounts();
    counts.add('محمد', null);
    counts.add('محمد', null);
    counts.add(null, null);
    counts.add(null, 'mahamad');
    expect([...counts.entries()]).toEqual([
      ['محمد', '', 2],
      ['', 'mahamad', 1],
    ]);
  });
});
