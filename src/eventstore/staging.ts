/**
 * Reused buffers for COPY payloads.
 *
 * Every `Buffer` of more than a few kilobytes has an `ArrayBuffer` of its own, and V8 counts
 * that memory as external: past 64 MB more than at the last full collection it starts a
 * full marking of the whole heap, whatever the heap holds. A rebuild sends about a
 * kilobyte of COPY text per event, so a new `Buffer` per page started a full marking of a
 * 2–3 GB heap every 70,000 events at 10 million persons (docs/benchmarks.md, session 12).
 * Text written into a few buffers kept for the life of the process allocates no external
 * memory at all.
 *
 * A buffer is given back only once the COPY that used it has finished: the server has then
 * read every byte, so the socket holds no reference to it any more. A COPY that failed
 * gives nothing back; its socket may still be writing from its buffers.
 */

/** Bytes per staging buffer: one CopyData message each. */
export const STAGING_BYTES = 1 << 20;
/** Buffers kept between COPYs; a longer COPY gets more, dropped when it ends. */
const KEPT = 16;

const encoder = new TextEncoder();

export class CopyStaging {
  private readonly free: Buffer[] = [];

  constructor(
    private readonly bytes = STAGING_BYTES,
    private readonly keep = KEPT,
  ) {}

  /** The buffers of one COPY: `pack` its text, then `release` or `discard` them. */
  lease(): StagingLease {
    return new StagingLease(this, this.bytes);
  }

  /** A buffer of `bytes`, kept or new; `give` it back once nothing reads it any more. */
  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.bytes);
  }

  /** Keeps those of this staging's size (a larger one made for a long line is dropped). */
  give(buffers: readonly Buffer[]): void {
    for (const b of buffers)
      if (b.length === this.bytes && this.free.length < this.keep) this.free.push(b);
  }

  /** Buffers waiting for the next COPY (for tests). */
  get kept(): number {
    return this.free.length;
  }
}

export class StagingLease {
  private readonly used: Buffer[] = [];
  private settled = false;

  constructor(
    private readonly staging: CopyStaging,
    private readonly bytes: number,
  ) {}

  /**
   * The chunks as CopyData payloads: text packed into staging buffers, a line never
   * split inside a character; `Buffer`s already made pass as they are, in order.
   */
  *pack(chunks: Iterable<string | Buffer>): Generator<Buffer> {
    let buffer: Buffer | null = null;
    let at = 0;
    for (const chunk of chunks) {
      if (typeof chunk !== 'string') {
        if (buffer !== null && at > 0) {
          yield buffer.subarray(0, at);
          buffer = null;
        }
        if (chunk.length > 0) yield chunk;
        continue;
      }
      let text = chunk;
      while (text.length > 0) {
        if (buffer === null) {
          buffer = this.staging.take();
          this.used.push(buffer);
          at = 0;
        }
        const room = this.bytes - at;
        // A UTF-16 unit is at most three bytes of UTF-8: the fast path cannot overflow.
        if (text.length * 3 <= room) {
          at += buffer.write(text, at);
          break;
        }
        const { read, written } = encoder.encodeInto(text, buffer.subarray(at));
        at += written;
        text = read === text.length ? '' : text.slice(read);
        if (text.length > 0 || at === this.bytes) {
          yield buffer.subarray(0, at);
          buffer = null;
        }
      }
    }
    if (buffer !== null && at > 0) yield buffer.subarray(0, at);
  }

  /** The COPY finished: its buffers serve the next one. */
  release(): void {
    if (this.settled) return;
    this.settled = true;
    this.staging.give(this.used);
  }

  /** The COPY failed: its buffers may still be read by the socket, so they are dropped. */
  discard(): void {
    this.settled = true;
  }
}
