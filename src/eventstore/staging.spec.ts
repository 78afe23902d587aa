import fc from 'fast-check';
import { CopyStaging } from './staging';

const bytesOf = (chunks: Iterable<Buffer>) => Buffer.concat([...chunks]);

describe('CopyStaging', () => {
  it('packs text into buffers of at most its size, byte for byte what Buffer.from gives', () => {
    // Arabic (two bytes), a CJK character (three), an emoji (a surrogate pair, four bytes).
    const unit = fc.constantFrom('a', '\t', '\n', 'م', 'ح', '中', '😀', '\\N');
    const text = fc.array(fc.string({ unit, maxLength: 40 }), { maxLength: 30 });
    fc.assert(
      fc.property(text, fc.integer({ min: 4, max: 64 }), (chunks, size) => {
        const staging = new CopyStaging(size);
        const lease = staging.lease();
        const out = [...lease.pack(chunks)];
        lease.release();
        for (const b of out) {
          expect(b.length).toBeGreaterThan(0);
          expect(b.length).toBeLessThanOrEqual(size);
          // No buffer ends inside a character: each decodes to itself.
          expect(Buffer.from(b.toString('utf8'))).toEqual(b);
        }
        expect(bytesOf(out)).toEqual(Buffer.from(chunks.join('')));
      }),
    );
  });

  it('keeps Buffers given as they are, in their place among the text', () => {
    const staging = new CopyStaging(8);
    const made = Buffer.from('made\n');
    const lease = staging.lease();
    const out = [...lease.pack(['ab\n', made, 'cd\n', 'ef\n'])];
    expect(out.map((b) => b.toString())).toEqual(['ab\n', 'made\n', 'cd\nef\n']);
    expect(out[1]).toBe(made);
  });

  it('serves a finished COPY’s buffers to the next one, and drops a failed one’s', () => {
    const staging = new CopyStaging(16);
    const first = staging.lease();
    const [a] = [...first.pack(['one\n'])];
    first.release();
    expect(staging.kept).toBe(1);

    const second = staging.lease();
    const [b] = [...second.pack(['two\n'])];
    expect(b?.buffer).toBe(a?.buffer);
    expect(staging.kept).toBe(0);
    second.discard();
    expect(staging.kept).toBe(0);

    const third = staging.lease();
    const [c] = [...third.pack(['three\n'])];
    expect(c?.buffer).not.toBe(a?.buffer);
  });
});
