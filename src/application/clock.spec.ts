import { localNow } from './clock';

describe('localNow', () => {
  it('gives the local date and offset, so New Year in Rabat opens the new register', () => {
    // 2025-12-31T23:30Z is already 1 January 2026 at 00:30 in Casablanca (UTC+1).
    expect(localNow('Africa/Casablanca', new Date('2025-12-31T23:30:00Z'))).toBe(
      '2026-01-01T00:30:00+01:00',
    );
    expect(localNow('UTC', new Date('2025-06-01T10:00:00.250Z'))).toBe('2025-06-01T10:00:00+00:00');
    expect(Date.parse(localNow('Asia/Kolkata', new Date('2025-06-01T10:00:00Z')))).toBe(
      Date.parse('2025-06-01T10:00:00Z'),
    );
  });
});
