import type { SocketCloseEvent, SocketHandler, WebSocketLike } from "../client/types.ts";

/** What a {@link TestSocket} asks of the server it belongs to. */
export interface SocketHost {
  /** A socket finished its handshake; `false` refuses it (the client sees error + close 1006). */
  accept(socket: TestSocket): boolean;
  /** A text frame the client sent. */
  receive(socket: TestSocket, data: string): void;
  /** The socket is closed (by either side). */
  closed(socket: TestSocket): void;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * An in-memory WebSocket, enough of the browser's to drive a typed-ws client. What the client
 * does (open, send, close) arrives asynchronously, in a microtask, as with a real socket; what the
 * server does ({@link TestSocket.deliver}, {@link TestSocket.drop}) reaches the client
 * synchronously, so a test can assert right after `server.push(…)`. No timers are used, so fake
 * timers neither help nor hurt.
 */
export class TestSocket implements WebSocketLike {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSING = CLOSING;
  static readonly CLOSED = CLOSED;

  readyState = CONNECTING;
  protocol = "";
  binaryType = "blob";
  onopen: SocketHandler<unknown> | null = null;
  onclose: SocketHandler<SocketCloseEvent> | null = null;
  onerror: SocketHandler<unknown> | null = null;
  onmessage: SocketHandler<{ readonly data: unknown }> | null = null;
  /** The URL the client connected to (query string included, e.g. `access_token`). */
  readonly url: string;
  /** The subprotocols the client asked for. */
  readonly protocols: readonly string[];
  readonly #host: SocketHost;

  constructor(host: SocketHost, url: string | URL, protocols?: string | string[]) {
    this.#host = host;
    this.url = String(url);
    this.protocols = protocols === undefined ? [] : typeof protocols === "string" ? [protocols] : [...protocols];
    queueMicrotask(() => this.#handshake());
  }

  #handshake(): void {
    if (this.readyState !== CONNECTING) return;
    if (!this.#host.accept(this)) {
      this.readyState = CLOSED;
      this.onerror?.({ type: "error" });
      this.onclose?.({ code: 1006, reason: "", wasClean: false });
      return;
    }
    this.readyState = OPEN;
    this.protocol = this.protocols[0] ?? ""; // a server echoes the subprotocol it accepts
    this.onopen?.({ type: "open" });
  }

  /**
   * Sends a text frame to the server (delivered in a microtask).
   * @throws Error while still connecting, as browsers do.
   */
  send(data: string): void {
    if (this.readyState === CONNECTING) throw new Error("TestSocket: send() while CONNECTING");
    if (this.readyState !== OPEN) return;
    const text = String(data);
    queueMicrotask(() => this.#host.receive(this, text));
  }

  /**
   * Closes from the client side; the close event follows in a microtask.
   * @throws RangeError for a code other than 1000 or 3000–4999, as browsers do.
   */
  close(code?: number, reason = ""): void {
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) {
      throw new RangeError(`TestSocket: close code ${code} is not allowed from a client`);
    }
    if (this.readyState === CLOSING || this.readyState === CLOSED) return;
    const wasConnecting = this.readyState === CONNECTING;
    this.readyState = CLOSING;
    queueMicrotask(() => {
      this.readyState = CLOSED;
      this.#host.closed(this);
      if (wasConnecting) this.onclose?.({ code: 1006, reason: "", wasClean: false });
      else this.onclose?.({ code: code ?? 1005, reason, wasClean: true });
    });
  }

  /** Server side: delivers a frame (text, or an `ArrayBuffer` for a binary frame) to the client now, if open. */
  deliver(data: string | ArrayBuffer): void {
    if (this.readyState === OPEN) this.onmessage?.({ data });
  }

  /** Server side: closes the connection now, as the server or the network would. */
  drop(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.#host.closed(this);
    this.onclose?.({ code, reason, wasClean: code !== 1006 });
  }
}
