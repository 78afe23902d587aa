import { InvalidToken, TokenService } from './tokens';

describe('TokenService: verified tokens are remembered, within their validity', () => {
  const start = new Date('2026-03-01T10:00:00Z');
  let tokens: TokenService;

  beforeEach(() => {
    process.env.SIJILL_JWT_SECRET = 'a-test-secret-of-more-than-thirty-two-bytes';
    jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    tokens = new TokenService();
  });

  afterEach(() => {
    jest.useRealTimers();
    delete process.env.SIJILL_JWT_SECRET;
  });

  it('answers the same principal on every presentation of a token', async () => {
    const token = await tokens.sign({ userId: 'clerk-1', role: 'registrar', office: 'BEC-0412' });
    const first = await tokens.verify(token);
    expect(first).toEqual({ userId: 'clerk-1', role: 'registrar', office: 'BEC-0412' });
    expect(await tokens.verify(token)).toEqual(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('refuses a token once it has expired, though it was accepted before', async () => {
    const token = await tokens.sign({ userId: 'legal-1', role: 'legal' }, '30s');
    await expect(tokens.verify(token)).resolves.toMatchObject({ userId: 'legal-1' });
    jest.setSystemTime(new Date(start.getTime() + 31_000));
    await expect(tokens.verify(token)).rejects.toThrow(InvalidToken);
  });

  it('verifies afresh a token that differs from an accepted one in its signature', async () => {
    const token = await tokens.sign({ userId: 'legal-1', role: 'legal' });
    await tokens.verify(token);
    // A character inside the signature (the last one also carries padding bits).
    const at = token.length - 5;
    const other = token[at] === 'A' ? 'B' : 'A';
    const forged = `${token.slice(0, at)}${other}${token.slice(at + 1)}`;
    await expect(tokens.verify(forged)).rejects.toThrow(InvalidToken);
  });
});
