import type { Envelope } from "../protocol.ts";
import type { AnyMessageSchema } from "../schema/message-schema.ts";
import { requestArgs } from "../schema/pairing.ts";
import { createConnection } from "./connection.ts";
import { createHandlers } from "./handlers.ts";
import { createRouter } from "./inbound.ts";
import { createListeners } from "./listeners.ts";
import { resolveOptions } from "./options.ts";
import { buildFrame } from "./outbound.ts";
import { createQueue } from "./queue.ts";
import { createRequests } from "./requests.ts";
import { createStateStore } from "./state.ts";
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
  const errors = createListeners<ClientErrorEvent>();
  const reportError = errors.emit;
  const listenerError = (messageType: string) => (error: unknown) =>
    reportError({ kind: "handler-error", error, messageType });
  const unhandled = createListeners<Envelope>(listenerError("onUnhandled"));
  const state = createStateStore(listenerError("onState"));
  const queue =
    resolved.queue === false
      ? undefined
      : createQueue(
          resolved.queue,
          (entry, error) => reportError({ kind: "queue-drop", error, messageType: entry.type }),
          (queued) => state.update({ queued }),
        );
  const handlers = createHandlers();
  const connection = createConnection(
    resolved,
    state,
    queue,
    (data) => route(data),
    (error, final) => requests.reject(error, final),
    reportError,
  );
  const requests = createRequests(resolved, connection, queue, reportError);
  const route = createRouter(requests, handlers, connection.ackHeartbeat, reportError, unhandled.emit);

  return {
    get state() {
      return state.get();
    },
    onState: state.listeners.add,
    connect: connection.connect,
    close: connection.close,
    send(schema: AnyMessageSchema, ...args: unknown[]) {
      const [payload, opts] = args as [unknown, SendOptions | undefined];
      connection.transmit(buildFrame(schema, payload, opts?.meta, clock.now()));
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
  };
}
