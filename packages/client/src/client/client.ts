import type { Envelope } from "../protocol.ts";
import { type AnyMessageSchema, getMessageInfo } from "../schema/message-schema.ts";
import { Connection } from "./connection.ts";
import { HandlerRegistry } from "./handlers.ts";
import { type InboundDeps, routeFrame } from "./inbound.ts";
import { Listeners } from "./listeners.ts";
import { resolveOptions } from "./options.ts";
import { buildFrame, newCorrelationId } from "./outbound.ts";
import { OutboundQueue } from "./queue.ts";
import { RequestManager } from "./requests.ts";
import { StateStore } from "./state.ts";
import type { ClientErrorEvent, RequestOptions, SendOptions, WsClient, WsClientOptions } from "./types.ts";

/**
 * Creates a typed WebSocket client: validated `send`/`on`/`request`, an offline queue,
 * reconnect with backoff, heartbeat and auth. Touches no globals until `connect()`.
 *
 * ```ts
 * const client = wsClient({ url: "ws://localhost:3000" });
 * await client.connect();
 * const reply = await client.request(Calculate, { operation: "add", a: 5, b: 3 }, CalculateResult);
 * ```
 * @throws TypeError for a URL that is not ws:/wss:/http:/https:.
 */
export function wsClient(options: WsClientOptions): WsClient {
  const resolved = resolveOptions(options);
  const { clock } = resolved;
  // A throwing onError listener cannot be reported anywhere; it is ignored.
  const errors = new Listeners<ClientErrorEvent>();
  const reportError = (event: ClientErrorEvent) => errors.emit(event);
  const listenerError = (messageType: string) => (error: unknown) =>
    reportError({ kind: "handler-error", error, messageType });
  const unhandled = new Listeners<Envelope>(listenerError("onUnhandled"));
  const state = new StateStore(listenerError("onState"));
  const queue =
    resolved.queue === false
      ? undefined
      : new OutboundQueue(
          resolved.queue,
          (entry, error) => reportError({ kind: "queue-drop", error, messageType: entry.type }),
          (queued) => state.update({ queued }),
        );
  const handlers = new HandlerRegistry();
  const requests: RequestManager = new RequestManager({
    clock,
    maxPending: resolved.maxPendingRequests,
    transmit: (entry) => connection.transmit(entry),
    sendControl: (data) => connection.sendControl(data),
    unqueue: (entry) => queue?.remove(entry),
    onProgressError: (error, messageType) => reportError({ kind: "handler-error", error, messageType }),
  });
  const inbound: InboundDeps = {
    requests,
    handlers,
    onHeartbeatAck: () => connection.ackHeartbeat(),
    reportError,
    reportUnhandled: (envelope) => unhandled.emit(envelope),
  };
  const connection: Connection = new Connection({
    options: resolved,
    state,
    queue,
    onFrame: (data) => routeFrame(data, inbound),
    onDrop: (error) => requests.rejectInFlight(error),
    onStop: (error) => {
      requests.rejectAll(error);
      queue?.clear();
    },
    reportError,
  });

  function request(schema: AnyMessageSchema, a: unknown, b?: unknown, c?: unknown): Promise<unknown> {
    // `request(S, payload, R, opts?)`, or `request(S, R, opts?)` for a message without payload.
    const withPayload = getMessageInfo(a) === undefined;
    const payload = withPayload ? a : undefined;
    const response = (withPayload ? b : a) as AnyMessageSchema;
    const opts = (withPayload ? c : b) as RequestOptions | undefined;
    try {
      if (getMessageInfo(response) === undefined) {
        throw new TypeError("typed-ws: request() needs a response message schema");
      }
      const correlationId = newCorrelationId();
      const frame = buildFrame(schema, payload, opts?.meta, clock.now(), correlationId);
      return requests.start({
        correlationId,
        type: frame.type,
        data: frame.data,
        response,
        timeoutMs: opts?.timeoutMs ?? resolved.requestTimeoutMs,
        signal: opts?.signal,
        onProgress: opts?.onProgress,
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  return {
    get state() {
      return state.get();
    },
    onState: (listener) => state.listeners.add(listener),
    connect: () => connection.connect(),
    close: (code, reason) => connection.close(code, reason),
    send(schema: AnyMessageSchema, ...args: unknown[]) {
      const [payload, opts] = args as [unknown, SendOptions | undefined];
      connection.transmit(buildFrame(schema, payload, opts?.meta, clock.now()));
    },
    on: (schema, handler) => handlers.add(schema, handler as (message: never) => void),
    request: request as WsClient["request"],
    onError: (listener) => errors.add(listener),
    onUnhandled: (listener) => unhandled.add(listener),
  };
}
