import { buildFrame } from "../frame.ts";
import type { Envelope } from "../protocol.ts";
import type { AnyMessageSchema } from "../schema/message-schema.ts";
import { requestArgs } from "../schema/pairing.ts";
import { createConnection } from "./connection.ts";
import { createHandlers } from "./handlers.ts";
import { createIds } from "./ids.ts";
import { createRouter } from "./inbound.ts";
import { createListeners } from "./listeners.ts";
import { resolveOptions } from "./options.ts";
import { createOutbox } from "./outbox.ts";
import { createQueue } from "./queue.ts";
import { createRequests } from "./requests.ts";
import { ignore } from "./socket.ts";
import { createStateStore } from "./state.ts";
import { createSubscriptions } from "./subscriptions.ts";
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
  const { clock, timestamp } = resolved;

  // Reporting: a throwing onError listener cannot be reported anywhere; it is ignored.
  const errors = createListeners<ClientErrorEvent>();
  const reportError = errors.emit;
  const listenerError = (messageType: string) => (error: unknown) =>
    reportError({ kind: "handler-error", error, messageType });
  const unhandled = createListeners<Envelope>(listenerError("onUnhandled"));
  const state = createStateStore(listenerError("onState"));

  // Components, each built from the ones before it; none refers to one built later.
  const queue =
    resolved.queue === false
      ? undefined
      : createQueue({
          options: resolved.queue,
          onDrop: (entry, error) => reportError({ kind: "queue-drop", error, messageType: entry.type }),
          onChange: (queued) => state.update({ queued }),
        });
  const connection = createConnection({ options: resolved, state, reportError });
  const outbox = createOutbox({ connection, queue, state, autoConnect: resolved.autoConnect });
  const newCorrelationId = createIds();
  const requests = createRequests({
    newCorrelationId,
    options: resolved,
    transmit: outbox.transmit,
    send: connection.send,
    sendControl: connection.sendControl,
    queue,
    reportError,
  });
  const handlers = createHandlers();
  const topics = createSubscriptions({
    newCorrelationId,
    sendControl: (data) => connection.send({ type: "$ws:subscribe", data }),
    handlers,
    reportError,
  });
  const route = createRouter({
    requests,
    topics,
    handlers,
    onHeartbeatAck: connection.ackHeartbeat,
    reportError,
    reportUnhandled: unhandled.emit,
  });

  // Wiring: the connection reports, the components react.
  connection.events.message.add(route);
  connection.events.open.add(() => {
    // Every open runs these steps, in this order, before the state turns `open` and before
    // `connect()` resolves (PROTOCOL.md v1.1: re-subscribe before flushing):
    // 1. restore subscriptions — `topics.opened()`;
    // 2. re-send retryable requests still waiting for an answer — `requests.resend()`;
    // 3. flush the offline queue, oldest first.
    topics.opened();
    requests.resend();
    outbox.flush();
  });
  connection.events.close.add(({ error, final }) => {
    requests.lost(error, final);
    topics.lost(error, final);
    if (final) queue?.clear();
  });

  return {
    get state() {
      return state.get();
    },
    onState: state.listeners.add,
    connect: connection.connect,
    close: connection.close,
    send(schema: AnyMessageSchema, ...args: unknown[]) {
      const [payload, opts] = args as [unknown, SendOptions | undefined];
      outbox.transmit(
        buildFrame(schema, payload, { meta: opts?.meta, timestamp: timestamp ? clock.now() : undefined }),
      );
    },
    on: handlers.add as WsClient["on"],
    // `request(S, payload?, opts?)` for a paired schema, `request(S, payload, R, opts?)`, or `request(S, R, opts?)`.
    request: ((schema: AnyMessageSchema, ...args: unknown[]) => {
      try {
        const [payload, response, opts] = requestArgs<AnyMessageSchema, RequestOptions>(schema, args);
        return requests.start(schema, payload, response, opts);
      } catch (error) {
        return Promise.reject(error);
      }
    }) as WsClient["request"],
    onError: errors.add,
    onUnhandled: unhandled.add,
    subscribe: ((ref, options = {}) => {
      const handle = topics.subscribe(ref, options);
      // Like a first send or request: an idle client with autoConnect connects (it subscribes on open).
      if (resolved.autoConnect && state.get().status === "idle") connection.connect().catch(ignore);
      return handle;
    }) as WsClient["subscribe"],
    onTopicReset: topics.resets.add,
  };
}
