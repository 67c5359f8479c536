/**
 * A WebSocket client on a bare TCP socket that can stop reading (`pause()`), so the server sees a
 * slow consumer: its kernel buffers fill, then Bun's per-socket buffer, then `backpressureLimit`.
 * Counts the text frames it reads and records the server's close code.
 */
import net from "node:net";

/** A raw WebSocket client that can pause reading. */
export class PausedSocket {
  /** Every text frame read, parsed. */
  readonly frames: unknown[] = [];
  /** Resolves with the server's close code (1005 when the close frame had none; 1006 when none came). */
  readonly closed: Promise<number>;
  readonly #socket: net.Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #waiters: { test: () => boolean; resolve: () => void }[] = [];

  private constructor(socket: net.Socket, rest: Buffer, onClose: (code: number) => void) {
    this.#socket = socket;
    this.#buffer = rest;
    let closeCode = 1006;
    this.closed = new Promise((resolve) => {
      socket.on("close", () => resolve(closeCode));
    });
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      const code = this.#parse();
      if (code !== undefined) {
        closeCode = code;
        onClose(code);
      }
    });
    this.#parse();
  }

  /** Connects to `url` (ws://host:port/path) and completes the handshake. */
  static connect(url: string): Promise<PausedSocket> {
    const { hostname, port, pathname, search } = new URL(url);
    const socket = net.connect(Number(port), hostname);
    return new Promise((resolve, reject) => {
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf("\r\n\r\n");
        if (end === -1) return;
        socket.off("data", onData);
        if (!head.subarray(0, end).toString().startsWith("HTTP/1.1 101")) {
          reject(new Error(`upgrade refused: ${head.subarray(0, end).toString().split("\r\n")[0]}`));
          return;
        }
        resolve(new PausedSocket(socket, head.subarray(end + 4), () => socket.end()));
      };
      socket.on("data", onData);
      socket.on("error", reject);
      socket.on("connect", () =>
        socket.write(
          `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        ),
      );
    });
  }

  /** Stops reading from the socket. */
  pause(): void {
    this.#socket.pause();
  }

  /** Reads again. */
  resume(): void {
    this.#socket.resume();
  }

  /** Resolves once `test()` holds (checked after every frame). */
  until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ test, resolve }));
  }

  close(): void {
    this.#socket.destroy();
  }

  /** Reads whole frames off the buffer; returns the close code when a close frame came. */
  #parse(): number | undefined {
    let closeCode: number | undefined;
    for (;;) {
      const b = this.#buffer;
      if (b.length < 2) break;
      let length = b[1]! & 127;
      let offset = 2;
      if (length === 126) {
        if (b.length < 4) break;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (b.length < 10) break;
        length = Number(b.readBigUInt64BE(2));
        offset = 10;
      }
      if (b.length < offset + length) break;
      const opcode = b[0]! & 15;
      const body = b.subarray(offset, offset + length);
      if (opcode === 1) this.frames.push(JSON.parse(body.toString()));
      if (opcode === 8) closeCode = body.length >= 2 ? body.readUInt16BE(0) : 1005;
      this.#buffer = b.subarray(offset + length);
    }
    const ready = this.#waiters.filter((w) => w.test());
    this.#waiters = this.#waiters.filter((w) => !ready.includes(w));
    for (const waiter of ready) waiter.resolve();
    return closeCode;
  }
}
