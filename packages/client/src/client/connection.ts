import { ConnectionClosedError } from "../errors.ts";
import { ProtocolType } from "../protocol.ts";
import { backoffDelay } from "./backoff.ts";
import { Heartbeat } from "./heartbeat.ts";
import type { ResolvedOptions } from "./options.ts";
import type { OutboundEntry, OutboundQueue } from "./queue.ts";
import { closeQuietly, detachSocket, OPEN, openWebSocket } from "./socket.ts";
import type { StateStore } from "./state.ts";
import type { ClientErrorEvent, CloseInfo, WebSocketLike } from "./types.ts";

/** Close code the client uses when it gives up on a connection whose heartbeat went unanswered. */
export const HEARTBEAT_TIMEOUT_CLOSE_CODE = 4000;
/** Close code of a policy / authentication failure (PROTOCOL.md). */
export const POLICY_CLOSE_CODE = 1008;
const HEARTBEAT_FRAME = JSON.stringify({ type: ProtocolType.heartbeat });

/** What the connection needs from the rest of the client. */
export interface ConnectionDeps {
  readonly options: ResolvedOptions;
  readonly state: StateStore;
  readonly queue: OutboundQueue | undefined;
  /** A frame arrived on the open socket. */
  onFrame(data: unknown): void;
  /** The socket dropped without `close()`: requests in flight reject with `error`. */
  onDrop(error: ConnectionClosedError): void;
  /** The client stopped for good (`close()`, or reconnecting gave up): everything pending rejects. */
  onStop(error: ConnectionClosedError): void;
  reportError(event: ClientErrorEvent): void;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The socket lifecycle: connects (with a fresh token each time), flushes the offline queue on
 * open, runs the heartbeat, and on a drop schedules reconnects with backoff per the close code.
 * Owns every timer and listener it starts and clears them on `close()`.
 */
export class Connection {
  private socket: WebSocketLike | undefined;
  private open = false;
  /** Bumped by every connect attempt and by `close()`; stale async work checks it. */
  private generation = 0;
  private retryTimer: unknown;
  private resetTimer: unknown;
  private authRetried = false;
  private waiters: Waiter[] = [];
  private stopLifecycle: (() => void) | undefined;
  private readonly heartbeat: Heartbeat | undefined;

  constructor(private readonly deps: ConnectionDeps) {
    const { heartbeat, clock } = deps.options;
    const ping = () => this.sendControl(HEARTBEAT_FRAME);
    const dead = () => this.onHeartbeatDead();
    this.heartbeat = heartbeat === false ? undefined : new Heartbeat(heartbeat, clock, ping, dead);
  }

  /** Whether frames go straight to the socket. */
  get isOpen(): boolean {
    return this.open && this.socket?.readyState === OPEN;
  }

  /** Opens the connection (idempotent); resolves when open. */
  connect(): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    const promise = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    const { status } = this.deps.state.get();
    if (status === "idle" || status === "closed") {
      this.authRetried = false;
      this.deps.state.update({ status: "connecting", attempt: 0, nextRetryAt: undefined });
      const { lifecycle } = this.deps.options;
      if (lifecycle !== false) this.stopLifecycle ??= lifecycle.subscribe(() => this.wake());
      this.openSocket();
    }
    return promise;
  }

  /** Closes for good (idempotent): no reconnect, every timer and listener cleared, everything pending rejected. */
  close(code = 1000, reason = ""): void {
    const socket = this.socket;
    const wasClosed = this.deps.state.get().status === "closed";
    this.teardown();
    if (socket !== undefined) closeQuietly(socket, code, reason);
    if (wasClosed) return;
    const lastClose = socket === undefined ? this.deps.state.get().lastClose : { code, reason, wasClean: true };
    this.stop(new ConnectionClosedError("The client was closed", code, reason), lastClose);
  }

  /**
   * Sends a frame now when open; otherwise queues it (connecting first with `autoConnect`).
   * @throws LimitExceededError when the queue is full with policy `reject`.
   * @throws ConnectionClosedError when not open and the queue is disabled.
   */
  transmit(entry: OutboundEntry): void {
    if (this.isOpen) {
      this.socket?.send(entry.data);
      entry.onSent?.();
      return;
    }
    if (this.deps.options.autoConnect && this.deps.state.get().status === "idle") this.connect().catch(() => {});
    if (this.deps.queue === undefined) {
      throw new ConnectionClosedError(`${entry.type}: not connected, and the offline queue is disabled`);
    }
    this.deps.queue.push(entry);
  }

  /** Sends a protocol frame (heartbeat, abort) if open; never queues. */
  sendControl(data: string): void {
    if (!this.isOpen) return;
    try {
      this.socket?.send(data);
    } catch {
      // The socket is closing; its close event handles the rest.
    }
  }

  /** A heartbeat ack arrived. */
  ackHeartbeat(): void {
    this.heartbeat?.ack();
  }

  /** The page became visible or the network came back: check liveness now, or skip the backoff wait. */
  wake(): void {
    if (this.isOpen) {
      this.heartbeat?.check();
    } else if (this.retryTimer !== undefined) {
      this.deps.options.clock.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.openSocket();
    }
  }

  private openSocket(): void {
    const generation = ++this.generation;
    this.retryTimer = undefined;
    this.deps.state.update({ nextRetryAt: undefined });
    const { auth } = this.deps.options;
    if (auth === undefined) {
      this.createSocket(undefined);
      return;
    }
    Promise.resolve()
      .then(() => auth.getToken())
      .then(
        (token) => {
          if (generation === this.generation) this.createSocket(token);
        },
        (error: unknown) => {
          if (generation !== this.generation) return;
          this.deps.reportError({ kind: "auth-error", error });
          this.retryOrStop(undefined);
        },
      );
  }

  private createSocket(token: string | undefined | null): void {
    let socket: WebSocketLike;
    try {
      socket = openWebSocket(this.deps.options, token);
    } catch (error) {
      // No WebSocket constructor, or a URL it refuses: retrying will not help.
      this.teardown();
      this.stop(error, this.deps.state.get().lastClose);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket === socket) this.handleOpen(socket);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.detach();
      this.lost({ code: event.code, reason: event.reason, wasClean: event.wasClean });
    };
    socket.onerror = () => {}; // a close event follows
    socket.onmessage = (event) => {
      if (this.socket === socket) this.deps.onFrame(event.data);
    };
  }

  private handleOpen(socket: WebSocketLike): void {
    // Queued frames go first, before anything sent from a state listener or a waiter.
    for (const entry of this.deps.queue?.drain() ?? []) {
      socket.send(entry.data);
      entry.onSent?.();
    }
    this.open = true;
    this.heartbeat?.start();
    const { reconnect, clock } = this.deps.options;
    if (reconnect !== false) {
      this.resetTimer = clock.setTimeout(() => {
        this.resetTimer = undefined;
        this.authRetried = false;
        this.deps.state.update({ attempt: 0 });
      }, reconnect.resetAfterMs);
    }
    this.deps.state.update({ status: "open", nextRetryAt: undefined });
    this.settleWaiters();
  }

  private onHeartbeatDead(): void {
    const socket = this.socket;
    this.detach();
    if (socket !== undefined) closeQuietly(socket, HEARTBEAT_TIMEOUT_CLOSE_CODE, "heartbeat timeout");
    this.lost({ code: HEARTBEAT_TIMEOUT_CLOSE_CODE, reason: "heartbeat timeout", wasClean: false });
  }

  /** The connection ended without `close()`. */
  private lost(info: CloseInfo): void {
    const error = new ConnectionClosedError(
      `Connection closed (${info.code}${info.reason ? `: ${info.reason}` : ""})`,
      info.code,
      info.reason,
    );
    this.deps.state.update({ lastClose: info });
    this.deps.reportError({ kind: "connection-error", error });
    this.deps.onDrop(error);
    this.retryOrStop(info);
  }

  /** Schedules the next attempt with backoff, or stops (reconnect off, attempts used up, repeated 1008). */
  private retryOrStop(info: CloseInfo | undefined): void {
    const { reconnect, clock } = this.deps.options;
    const { attempt } = this.deps.state.get();
    const policyClose = info?.code === POLICY_CLOSE_CODE;
    if (reconnect === false || attempt >= reconnect.maxAttempts || (policyClose && this.authRetried)) {
      const reason = policyClose ? "closed by the server (1008, policy)" : "reconnecting gave up";
      this.teardown();
      this.stop(new ConnectionClosedError(`Connection ${reason}`, info?.code, info?.reason), info);
      return;
    }
    if (policyClose) this.authRetried = true; // one more try, with a fresh token
    const delay = backoffDelay(attempt, reconnect);
    this.deps.state.update({ status: "reconnecting", attempt: attempt + 1, nextRetryAt: clock.now() + delay });
    this.retryTimer = clock.setTimeout(() => this.openSocket(), delay);
  }

  /** Final state: closed; waiters and pending work reject. */
  private stop(error: unknown, lastClose: CloseInfo | undefined): void {
    this.deps.state.update({ status: "closed", attempt: 0, nextRetryAt: undefined, lastClose });
    const closed =
      error instanceof ConnectionClosedError ? error : new ConnectionClosedError(String(error), lastClose?.code);
    this.deps.onStop(closed);
    this.settleWaiters(error);
  }

  /** Clears every timer and listener and forgets the socket (without closing it). */
  private teardown(): void {
    this.generation++;
    const { clock } = this.deps.options;
    if (this.retryTimer !== undefined) clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.stopLifecycle?.();
    this.stopLifecycle = undefined;
    this.detach();
  }

  private detach(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.open = false;
    this.heartbeat?.stop();
    if (this.resetTimer !== undefined) this.deps.options.clock.clearTimeout(this.resetTimer);
    this.resetTimer = undefined;
    if (socket !== undefined) detachSocket(socket);
  }

  private settleWaiters(error?: unknown): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
  }
}
