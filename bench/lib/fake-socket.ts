/**
 * In-process fake WebSockets for the client-side figures: no network, so only the client's own
 * work is measured. `FakeSocket` opens on a microtask and lets the bench push frames; `EchoSocket`
 * answers every request frame with an `ECHO_RESULT` carrying the same correlation id.
 */
import type { WebSocketConstructor, WebSocketLike } from "@typed-ws/client";

/** A socket the bench drives by hand: `FakeSocket.last.receive(frame)`. */
export class FakeSocket implements WebSocketLike {
  /** The most recently constructed socket. */
  static last: FakeSocket | undefined;
  readyState = 0;
  protocol = "";
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;

  constructor(_url: string, _protocols?: string | string[]) {
    FakeSocket.last = this;
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }

  send(data: string): void {
    this.onSend(data);
  }

  /** What happens to sent frames; nothing by default. */
  protected onSend(_data: string): void {}

  close(code = 1000, reason = ""): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean: true });
  }

  /** Delivers one inbound frame to the client, synchronously. */
  receive(data: string): void {
    this.onmessage?.({ data });
  }
}

const ID_PATTERN = /"correlationId":"([^"]+)"/;

/** Answers each request with `ECHO_RESULT` (same payload, same correlation id) on a later microtask. */
export class EchoSocket extends FakeSocket {
  protected override onSend(data: string): void {
    const id = ID_PATTERN.exec(data)?.[1];
    if (id === undefined) return;
    const reply = `{"type":"ECHO_RESULT","meta":{"correlationId":"${id}"},"payload":{"text":"${"x".repeat(49)}"}}`;
    queueMicrotask(() => this.receive(reply));
  }
}

/** The constructors, typed for the client's `WebSocket` option. */
export const FakeWebSocket = FakeSocket as unknown as WebSocketConstructor;
/** See {@link EchoSocket}. */
export const EchoWebSocket = EchoSocket as unknown as WebSocketConstructor;
