/**
 * A socket for `pg` that reads into one buffer it keeps, instead of a new `Buffer` per read.
 *
 * Each read of a plain `net.Socket` allocates an `ArrayBuffer` of its own, memory V8 counts
 * as external: past 64 MB more than at the last full collection it starts a full marking
 * of the whole heap. A rebuild reads the log at hundreds of megabytes a minute, and at
 * 10 million persons each such marking walked a 2–3 GB heap (docs/benchmarks.md,
 * session 12; src/eventstore/staging.ts does the same for what COPY sends).
 *
 * The protocol parser keeps a reference to a chunk that ends inside a message, so a chunk
 * is handed over only up to its last whole message: the rest moves to the buffer's start
 * and the next read goes on after it. The parser then keeps nothing (it parses text fields
 * into strings), except from two messages that keep a view of their bytes: CopyData (a
 * COPY TO's rows) and Authentication (the password salt). A chunk holding either is handed
 * over as a copy.
 *
 * Only for plain connections: a TLS handshake reads the server's one-byte answer to the
 * SSL request before any message, which this framing would wait on.
 */
import net from 'node:net';

/** Type byte and length: the length counts itself and the body. */
const HEADER = 5;
const COPY_DATA = 0x64; // 'd'
const AUTHENTICATION = 0x52; // 'R'
const INITIAL_BYTES = 1 << 17;

export function fixedReadSocket(): net.Socket {
  let buffer = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  /** Bytes of an unfinished message at the buffer's start. */
  let carry = 0;
  // `onread` is read by the constructor too, though the types list it only for connect.
  const options: net.SocketConstructorOpts & { onread: net.OnReadOpts } = {
    onread: {
      buffer: () => buffer.subarray(carry),
      callback: (nread: number): boolean => {
        const end = carry + nread;
        let whole = 0;
        let kept = false;
        while (whole + HEADER <= end) {
          const size = 1 + buffer.readUInt32BE(whole + 1);
          if (whole + size > end) break;
          const code = buffer[whole];
          if (code === COPY_DATA || code === AUTHENTICATION) kept = true;
          whole += size;
        }
        carry = end - whole;
        if (whole > 0) {
          const messages = buffer.subarray(0, whole);
          // Parsed synchronously: the parser is done with them before the move below.
          socket.emit('data', kept ? Buffer.from(messages) : messages);
        }
        if (carry > 0) {
          const need = carry >= HEADER ? 1 + buffer.readUInt32BE(whole + 1) : HEADER;
          if (need > buffer.length) {
            let bytes = buffer.length * 2;
            while (bytes < need) bytes *= 2;
            const larger = Buffer.allocUnsafeSlow(bytes);
            buffer.copy(larger, 0, whole, end);
            buffer = larger;
          } else if (whole > 0) buffer.copyWithin(0, whole, end);
        }
        return true;
      },
    },
  };
  const socket = new net.Socket(options);
  return socket;
}

/**
 * Whether a connection may use TLS, which `fixedReadSocket` cannot carry: any `ssl` or
 * `sslmode` in the URL or PGSSLMODE, unless it says disable. (In doubt, a plain socket.)
 */
export function mayUseTls(url: string): boolean {
  const params = new URL(url).searchParams;
  const off = (v: string | null | undefined) =>
    v === null || v === undefined || /^(disable|false|0)$/i.test(v);
  return !(off(params.get('ssl')) && off(params.get('sslmode')) && off(process.env.PGSSLMODE));
}
