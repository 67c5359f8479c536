import { ConnectionClosedError } from "../errors.ts";
import { ProtocolType } from "../protocol.ts";
import { withToken } from "./auth.ts";
import { createHeartbeat } from "./heartbeat.ts";
import { createListeners, type Listeners } from "./listeners.ts";
import type { ResolvedOptions } from "./options.ts";
import type { OutboundEntry } from "./queue.ts";
import { createReconnect } from "./reconnect.ts";
import { closeQuietly, detachSocket, ignore, OPEN, openWebSocket, sendQuietly } from "./socket.ts";
import type { StateStore } from "./state.ts";
import type { ClientErrorEvent, CloseInfo, WebSocketLike } from "./types.ts";
import { createWaiters } from "./waiters.ts";

/** Close code the client uses when it gives up on a connection whose heartbeat went unanswered. */
export const HEARTBEAT_TIMEOUT_CLOSE_CODE = 4000;
const HEARTBEAT_FRAME = JSON.stringify({ type: ProtocolType.heartbeat });

/** Why the connection stopped carrying frames (see {@link ConnectionEvents.close}). */
export interface ConnectionLoss {
  /** What pending work rejects with. */
  readonly error: ConnectionClosedError;
  /** The client stopped for good (`close()`, or reconnecting gave up); else a reconnect follows. */
  readonly final: boolean;
}

/**
 * What the connection tells the rest of the client. The client wires these; the connection
 * knows nothing of requests, the queue or subscriptions.
 */
export interface ConnectionEvents {
  /**
   * A socket opened. Listeners run in the order they were added, before the state turns `open`
   * and before `connect()` resolves, and may send at once.
   */
  readonly open: Listeners<void>;
  /** The socket dropped (a reconnect follows) or the client stopped for good. */
  readonly close: Listeners<ConnectionLoss>;
  /** A frame arrived on the open socket. */
  readonly message: Listeners<unknown>;
}

/** The socket lifecycle of one client (see {@link createConnection}). */
export interface Connection {
  /** Opens the connection (idempotent); resolves when open. */
  connect(): Promise<void>;
  /** Closes for good (idempotent): no reconnect, every timer and listener cleared, everything pending rejected. */
  close(code?: number, reason?: string): void;
  /** Sends a frame if open (then calls its `onSent`) and returns true; returns false when not open. */
  send(entry: OutboundEntry): boolean;
  /** Sends a protocol frame (heartbeat, abort) if open; never queues. */
  sendControl(data: string): void;
  /** A heartbeat ack arrived. */
  ackHeartbeat(): void;
  readonly events: ConnectionEvents;
}

/** What {@link createConnection} needs. */
export interface ConnectionDeps {
  readonly options: ResolvedOptions;
  readonly state: StateStore;
  readonly reportError: (event: ClientErrorEvent) => void;
}

/**
 * The socket lifecycle: connects (with a fresh token each time), runs the heartbeat, and on a
 * drop schedules reconnects with backoff per the close code. Owns every timer and listener it
 * starts and clears them when it stops. Tells the client about opens, drops and frames through
 * its {@link ConnectionEvents}.
 */
export function createConnection({ options, state, reportError }: ConnectionDeps): Connection {
  const { clock, lifecycle } = options;
  const events: ConnectionEvents = {
    open: createListeners(),
    close: createListeners(),
    message: createListeners(),
  };
  let socket: WebSocketLike | undefined;
  let open = false;
  /** Bumped by every connect attempt and when stopping; stale async work checks it. */
  let generation = 0;
  const waiters = createWaiters();
  let stopLifecycle: (() => void) | undefined;

  // Its callbacks are the function declarations below (hoisted).
  const reconnect = createReconnect({
    options: options.reconnect,
    clock,
    random: options.random,
    state,
    retry: openSocket,
  });
  const heartbeat =
    options.heartbeat === false
      ? undefined
      : createHeartbeat({
          options: options.heartbeat,
          clock,
          ping: () => sendControl(HEARTBEAT_FRAME),
          onDead: () =>
            lost({ code: HEARTBEAT_TIMEOUT_CLOSE_CODE, reason: "heartbeat timeout", wasClean: false }, true),
        });

  function isOpen(): boolean {
    return open && socket?.readyState === OPEN;
  }

  function sendControl(data: string): void {
    if (isOpen()) sendQuietly(socket as WebSocketLike, data);
  }

  /** Forgets the socket (closing it with `close` when given) and stops its heartbeat and reconnect timers. */
  function detach(close?: CloseInfo | false): void {
    const old = socket;
    socket = undefined;
    open = false;
    heartbeat?.stop();
    reconnect.stop();
    if (!old) return;
    detachSocket(old);
    if (close) closeQuietly(old, close.code, close.reason);
  }

  /** The one way to stop: every timer and listener cleared, state `closed`, waiters and pending work reject. */
  function finish(error: unknown, lastClose: CloseInfo | undefined): void {
    generation++;
    stopLifecycle?.();
    stopLifecycle = undefined;
    detach();
    state.update({ status: "closed", attempt: 0, nextRetryAt: undefined, lastClose });
    const closed =
      error instanceof ConnectionClosedError ? error : new ConnectionClosedError(String(error), lastClose?.code);
    events.close.emit({ error: closed, final: true });
    waiters.settle(error);
  }

  /**
   * The connection ended without `close()`; with `closeSocket` the client ends it (heartbeat
   * timeout). A socket that never opened is a failed attempt: `connect()` callers learn of it.
   */
  function lost(info: CloseInfo, closeSocket?: boolean): void {
    const { code, reason } = info;
    const wasOpen = open;
    detach(closeSocket && info);
    const error = new ConnectionClosedError(
      `${wasOpen ? "Connection closed" : "Could not connect"} (${code}${reason ? `: ${reason}` : ""})`,
      code,
      reason,
    );
    state.update({ lastClose: info });
    reportError({ kind: "connection-error", error });
    events.close.emit({ error, final: false });
    attemptFailed(error, info);
  }

  /** An attempt failed: pending `connect()` calls reject, and the next attempt is scheduled (or the client stops). */
  function attemptFailed(error: ConnectionClosedError, info?: CloseInfo): void {
    waiters.settle(error);
    const giveUp = reconnect.schedule(info?.code);
    if (giveUp)
      finish(new ConnectionClosedError(`Connection ${giveUp}`, info?.code, info?.reason, { cause: error }), info);
  }

  /** Starts an attempt: fetches a token, then creates the socket — unless something newer started meanwhile. */
  function openSocket(): void {
    const current = ++generation;
    reconnect.stop();
    state.update({ nextRetryAt: undefined });
    withToken(
      options.auth,
      (token) => {
        if (current === generation) createSocket(token);
      },
      (error) => {
        if (current !== generation) return;
        reportError({ kind: "auth-error", error });
        attemptFailed(
          new ConnectionClosedError(`Could not connect: auth.getToken() failed: ${error}`, undefined, undefined, {
            cause: error,
          }),
        );
      },
    );
  }

  function createSocket(token: string | undefined | null): void {
    let created: WebSocketLike;
    try {
      created = openWebSocket(options, token);
    } catch (error) {
      // No WebSocket constructor, or a URL it refuses: retrying will not help.
      finish(error, state.get().lastClose);
      return;
    }
    socket = created;
    created.onopen = () => {
      if (socket !== created) return;
      open = true;
      // Whatever the client restores or flushes goes first, before anything sent from a state
      // listener or a waiter.
      events.open.emit();
      heartbeat?.start();
      reconnect.opened();
      state.update({ status: "open" }); // `nextRetryAt` was cleared when this attempt started
      waiters.settle();
    };
    created.onclose = ({ code, reason, wasClean }) => {
      if (socket === created) lost({ code, reason, wasClean });
    };
    created.onerror = ignore; // a close event follows
    created.onmessage = (event) => {
      if (socket === created) events.message.emit(event.data);
    };
  }

  function connect(): Promise<void> {
    if (isOpen()) return Promise.resolve();
    const promise = waiters.wait();
    const { status } = state.get();
    if (status === "idle" || status === "closed") {
      reconnect.restart();
      state.update({ status: "connecting" }); // `attempt` is 0 and `nextRetryAt` unset in both
      if (lifecycle) stopLifecycle ??= lifecycle.subscribe(wake);
      openSocket();
    }
    return promise;
  }

  /** The page became visible or the network came back: check liveness now, or skip the backoff wait. */
  function wake(): void {
    if (isOpen()) heartbeat?.check();
    else if (reconnect.waiting) openSocket();
  }

  return {
    connect,
    close(code = 1000, reason = "") {
      if (state.get().status === "closed") return;
      const info = { code, reason, wasClean: true };
      const lastClose = socket ? info : state.get().lastClose;
      detach(info);
      finish(new ConnectionClosedError("The client was closed", code, reason), lastClose);
    },
    send(entry) {
      if (!isOpen()) return false;
      (socket as WebSocketLike).send(entry.data);
      entry.onSent?.();
      return true;
    },
    sendControl,
    ackHeartbeat: () => heartbeat?.ack(),
    events,
  };
}
