/**
 * Inbound frames before dispatch: the per-connection budget and fair scheduling (PROTOCOL.md
 * v1.1, "Fairness": one connection cannot starve the others).
 *
 * 1. Budget: each frame takes a token from its connection's bucket (`rate-limit.ts`). A frame
 *    over budget is answered `RATE_LIMIT_EXCEEDED` without being parsed; sustained abuse closes
 *    the connection with `1008`.
 * 2. Fair turns: Bun hands the server a whole batch of one socket's frames at once. A connection
 *    runs at most {@link SLICE} frames per event-loop turn inline; the rest wait in its inbox
 *    (in order) and are run {@link SLICE} at a time, connection by connection, on later turns —
 *    so other connections' frames, read in between, are not stuck behind a flood. The inbox is
 *    bounded by the budget (only admitted frames enter) and by {@link MAX_INBOX_BYTES}.
 * With `rateLimit: false` neither step runs: frames are dispatched as they arrive.
 */

import { ProtocolError, sniffCorrelationId } from "@typed-ws/client/protocol";
import type { Connection } from "./connection.ts";
import { sendError } from "./context.ts";
import { type RouterCore, reportError } from "./core.ts";
import { dispatch } from "./dispatch.ts";
import type { Admission } from "./rate-limit.ts";
import type { WsData } from "./types.ts";

type Conn<AppData> = Connection<WsData<AppData>>;
type Raw = string | ArrayBufferView | ArrayBuffer;

/** Close code for sustained flooding (policy violation). */
export const CLOSE_POLICY_VIOLATION = 1008;

/** Frames one connection runs per event-loop turn before the rest wait for later turns. */
export const SLICE = 32;

/** Bytes a connection may have waiting in its inbox; past it, frames are rejected as over budget. */
export const MAX_INBOX_BYTES = 8 * 1024 * 1024;

/** Frames of one connection waiting for a turn. */
export class Inbox {
  readonly frames: Raw[] = [];
  readonly arrivals: number[] = [];
  bytes = 0;
  /** The turn this connection last ran frames in, and how many. */
  turn = -1;
  ranThisTurn = 0;
}

/** Reports a failure dispatch could not answer itself. */
type OnDispatchError<AppData> = (conn: Conn<AppData>, error: unknown) => void;

/** A copy of a binary frame: Bun may reuse its memory once the callback returns. */
function copyBytes(raw: ArrayBufferView | ArrayBuffer): Uint8Array {
  return ArrayBuffer.isView(raw)
    ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength).slice()
    : new Uint8Array(raw).slice();
}

function sizeOf(raw: Raw): number {
  return typeof raw === "string" ? raw.length : raw.byteLength;
}

/**
 * A frame over the connection's budget: never parsed. A request (its id sniffed from the first
 * 4 KiB) gets `RATE_LIMIT_EXCEEDED` with `retryAfterMs`; other frames get one such answer per run
 * of rejections. Sustained abuse closes the connection with `1008` and is reported to `onError`.
 */
export function overBudget<AppData>(
  core: RouterCore<AppData>,
  conn: Conn<AppData>,
  raw: Raw,
  admission: Extract<Admission, { ok: false }>,
): void {
  const correlationId = typeof raw === "string" ? sniffCorrelationId(raw) : undefined;
  if (correlationId !== undefined || admission.first || admission.abusive) {
    const message = `Too many messages from this connection; retry after ${admission.retryAfterMs} ms`;
    const error = { code: "RATE_LIMIT_EXCEEDED", message, retryAfterMs: admission.retryAfterMs };
    sendError(core, conn, undefined, error, correlationId);
  }
  if (!admission.abusive) return;
  conn.closing = true;
  conn.ws.close(CLOSE_POLICY_VIOLATION, "Rate limit exceeded");
  reportError(core, new ProtocolError("RATE_LIMIT_EXCEEDED", "Sustained flooding; connection closed with 1008"), {
    ws: conn.ws,
    phase: "rate-limit",
    code: "RATE_LIMIT_EXCEEDED",
    type: undefined,
    correlationId,
  });
}

/** Admits, schedules and dispatches the inbound frames of every connection of one server. */
export class InboundScheduler<AppData> {
  readonly #core: RouterCore<AppData>;
  readonly #onError: OnDispatchError<AppData>;
  /** Connections with frames waiting, in turn order. */
  readonly #waiting = new Set<Conn<AppData>>();
  #turn = 0;
  #turnEnding = false;
  #drainScheduled = false;

  constructor(core: RouterCore<AppData>, onError: OnDispatchError<AppData>) {
    this.#core = core;
    this.#onError = onError;
  }

  /** One frame from Bun's `message` callback. */
  receive(conn: Conn<AppData>, raw: Raw): void {
    const receivedAt = Date.now();
    if (conn.closing) return;
    const budget = conn.budget;
    if (budget === undefined) {
      this.#run(conn, raw, receivedAt);
      return;
    }
    const admission = budget.admit(receivedAt);
    if (!admission.ok) {
      overBudget(this.#core, conn, raw, admission);
      return;
    }
    const inbox = conn.inbox;
    const turn = this.#currentTurn();
    if (inbox.turn !== turn) {
      inbox.turn = turn;
      inbox.ranThisTurn = 0;
    }
    if (inbox.frames.length === 0 && inbox.ranThisTurn < SLICE) {
      inbox.ranThisTurn++;
      this.#run(conn, raw, receivedAt);
      return;
    }
    const size = sizeOf(raw);
    if (inbox.bytes + size > MAX_INBOX_BYTES) {
      overBudget(this.#core, conn, raw, { ok: false, retryAfterMs: 100, first: true, abusive: false });
      return;
    }
    inbox.frames.push(typeof raw === "string" ? raw : copyBytes(raw));
    inbox.arrivals.push(receivedAt);
    inbox.bytes += size;
    this.#waiting.add(conn);
    this.#scheduleDrain();
  }

  /** Forgets a closed connection's waiting frames. */
  closed(conn: Conn<AppData>): void {
    this.#waiting.delete(conn);
    conn.dropInbox();
  }

  #run(conn: Conn<AppData>, raw: Raw, receivedAt: number): void {
    try {
      dispatch(this.#core, conn, raw, receivedAt)?.catch((error: unknown) => this.#onError(conn, error));
    } catch (error) {
      this.#onError(conn, error);
    }
  }

  /** The current event-loop turn: a counter bumped by `setImmediate` once a turn has frames. */
  #currentTurn(): number {
    if (!this.#turnEnding) {
      this.#turnEnding = true;
      setImmediate(() => {
        this.#turn++;
        this.#turnEnding = false;
      });
    }
    return this.#turn;
  }

  #scheduleDrain(): void {
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    setImmediate(() => this.#drain());
  }

  /** Runs up to {@link SLICE} waiting frames of each waiting connection, then yields to I/O. */
  #drain(): void {
    this.#drainScheduled = false;
    const turn = this.#currentTurn();
    for (const conn of [...this.#waiting]) {
      const inbox = conn.inbox;
      if (inbox.turn !== turn) {
        inbox.turn = turn;
        inbox.ranThisTurn = 0;
      }
      this.#waiting.delete(conn);
      let taken = 0;
      while (taken < inbox.frames.length && inbox.ranThisTurn < SLICE && !conn.closing) {
        const raw = inbox.frames[taken] as Raw;
        const receivedAt = inbox.arrivals[taken] as number;
        taken++;
        inbox.ranThisTurn++;
        inbox.bytes -= sizeOf(raw);
        this.#run(conn, raw, receivedAt);
      }
      inbox.frames.splice(0, taken);
      inbox.arrivals.splice(0, taken);
      if (conn.closing) this.closed(conn);
      else if (inbox.frames.length > 0) this.#waiting.add(conn); // to the back of the line
    }
    if (this.#waiting.size > 0) this.#scheduleDrain();
  }
}
