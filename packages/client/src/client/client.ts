import { frameData } from "../frame.ts";
import type { Envelope } from "../protocol.ts";
import { type AnyMessageSchema, messageInfo } from "../schema/message-schema.ts";
import { requestArgs } from "../schema/pairing.ts";
import { createConnection } from "./connection.ts";
import { type Attach, type ClientExtension, EXTENSIONS, type ExtensionCore } from "./extensions.ts";
import { createHandlers } from "./handlers.ts";
import { createIds } from "./ids.ts";
import { createRouter } from "./inbound.ts";
import { createListeners } from "./listeners.ts";
import { resolveOptions } from "./options.ts";
import { createOutbox } from "./outbox.ts";
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
  // Opt-in entries (`@typed-ws/client/topics`) attach here, once per client (see extensions.ts).
  const extensions = new Map<object, ClientExtension>();
  const core: ExtensionCore = {
    send: connection.send,
    autoConnect: outbox.autoConnect,
    newCorrelationId,
    handlers,
    reportError,
  };
  const attach: Attach = (key, make) => {
    if (!extensions.has(key)) extensions.set(key, make(core));
    return extensions.get(key) as never;
  };
  const route = createRouter({
    requests,
    topics: {
      handle(envelope) {
        // No iterator per frame when nothing is attached (the usual case).
        if (extensions.size) for (const extension of extensions.values()) if (extension.handle?.(envelope)) return true;
        return false;
      },
    },
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
    // 1. the extensions' `opened` — `@typed-ws/client/topics` restores subscriptions;
    // 2. re-send retryable requests still waiting for an answer — `requests.resend()`;
    // 3. flush the offline queue, oldest first.
    for (const extension of extensions.values()) extension.opened?.();
    requests.resend();
    outbox.flush();
  });
  connection.events.close.add(({ error, final }) => {
    requests.lost(error, final);
    for (const extension of extensions.values()) extension.lost?.(error, final);
    if (final) queue?.clear();
  });

  const client: WsClient & { readonly [EXTENSIONS]: Attach } = {
    get state() {
      return state.get();
    },
    onState: state.listeners.add,
    connect: connection.connect,
    close: connection.close,
    send(schema: AnyMessageSchema, ...args: unknown[]) {
      const [payload, opts] = args as [unknown, SendOptions | undefined];
      const info = messageInfo(schema);
      const data = frameData(schema, info, payload, opts?.meta, undefined, timestamp ? clock.now() : undefined);
      outbox.transmit({ type: info.type, data });
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
    [EXTENSIONS]: attach,
  };
  return client;
}
