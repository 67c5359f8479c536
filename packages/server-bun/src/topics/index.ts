/**
 * Topics on a router: one {@link TopicHub} per router core, the `$ws:subscribe` /
 * `$ws:unsubscribe` frames dispatch hands over, and publishing by name to a declared topic.
 */
import type { AnyMessageSchema, TopicRef } from "@typed-ws/client/protocol";
import { type Envelope, RESERVED_META_KEYS, TopicFrameType } from "@typed-ws/client/protocol";
import type { Connection } from "../connection.ts";
import { sendError } from "../context.ts";
import { type RouterCore, reportError } from "../core.ts";
import type { ServerSocket, WsData } from "../types.ts";
import { TopicDeclarations } from "./declarations.ts";
import { readTopicRequest } from "./frames.ts";
import { TopicHub, type TopicPublished } from "./hub.ts";
import { MemoryTopicStore } from "./memory-store.ts";
import { TopicStoreUnavailableError } from "./shared-store.ts";
import type { MaybePromise, TopicStore } from "./store.ts";

// biome-ignore lint/suspicious/noExplicitAny: one map for routers of every AppData
const hubs = new WeakMap<RouterCore<any>, TopicHub<any>>();

/** The router's topic hub, made on first use (with a {@link MemoryTopicStore} unless one is given). */
export function topicHub<AppData>(core: RouterCore<AppData>, store?: TopicStore): TopicHub<AppData> {
  let hub = hubs.get(core) as TopicHub<AppData> | undefined;
  if (hub === undefined) {
    hub = new TopicHub(core, new TopicDeclarations<AppData>(), store ?? new MemoryTopicStore());
    hubs.set(core, hub);
  }
  return hub;
}

/**
 * Handles `$ws:subscribe` and `$ws:unsubscribe`. False for any other type (dispatch goes on).
 * Reserved meta keys are removed before the frame is read strictly.
 */
export function handleTopicFrame<AppData>(
  core: RouterCore<AppData>,
  conn: Connection<WsData<AppData>>,
  envelope: Envelope,
): boolean {
  const subscribe = envelope.type === TopicFrameType.subscribe;
  if (!subscribe && envelope.type !== TopicFrameType.unsubscribe) return false;
  const meta: Record<string, unknown> = { ...envelope.meta };
  for (const key of RESERVED_META_KEYS) delete meta[key];
  const id = meta.correlationId;
  const correlationId = typeof id === "string" && id.length > 0 && id.length <= 128 ? id : undefined;
  const request = readTopicRequest(envelope, meta, subscribe);
  if ("message" in request) {
    const context = { path: request.path, issues: [{ path: request.path, message: request.message }] };
    sendError(core, conn, undefined, { code: "VALIDATION_FAILED", message: request.message, context }, correlationId);
    reportError(core, new TypeError(request.message), {
      ws: conn.ws,
      phase: "validation",
      code: "VALIDATION_FAILED",
      type: envelope.type,
      correlationId,
    });
    return true;
  }
  const hub = topicHub(core);
  const name = request.topic;
  if (!subscribe) {
    hub.run(conn, () => hub.unsubscribe(conn, name, correlationId));
    return true;
  }
  const resolved = hub.declarations.resolve(name);
  if (resolved === undefined) {
    const message = `No topic "${name.slice(0, 128)}" is declared`;
    hub.run(conn, () => {
      sendError(core, conn, undefined, { code: "RESOURCE_NOT_FOUND", message }, correlationId);
    });
    return true;
  }
  hub.run(conn, () => hub.subscribe(conn, resolved, name, request.since, correlationId));
  return true;
}

/**
 * Publishes to a topic reference (`Room({ roomId })`): numbered, stored, delivered — synchronously
 * with a synchronous store. `caller` names the API in the error (`publish`, `publishNow`).
 * @throws TypeError when the reference's topic is not declared on this router.
 */
export function publishToRef<AppData>(
  core: RouterCore<AppData>,
  caller: string,
  ref: TopicRef,
  schema: AnyMessageSchema,
  payload: unknown,
  meta: object | undefined,
): MaybePromise<TopicPublished> {
  const hub = topicHub(core);
  const declaration = hub.declarations.find(ref.topic);
  if (declaration === undefined) {
    const { pattern } = ref.topic;
    throw new TypeError(
      `typed-ws: ${caller} to "${ref.name}": topic "${pattern}" is not declared on this router; call router.topic(${pattern}) first`,
    );
  }
  const resolved = { declaration, params: ref.params as Record<string, string> };
  return hub.publish(resolved, ref.name, schema, payload, meta, undefined);
}

/**
 * Publishes by name when `name` belongs to a declared topic (offsets, history, topic
 * subscribers); undefined when it does not, so the caller publishes plainly.
 */
export function publishToDeclared<AppData>(
  core: RouterCore<AppData>,
  name: string,
  schema: AnyMessageSchema,
  payload: unknown,
  meta: object | undefined,
  exclude: ServerSocket | undefined,
): MaybePromise<TopicPublished> | undefined {
  const hub = hubs.get(core) as TopicHub<AppData> | undefined;
  if (hub === undefined || hub.declarations.empty) return undefined;
  const resolved = hub.declarations.resolve(name);
  return resolved && hub.publish(resolved, name, schema, payload, meta, exclude);
}

/**
 * The string form (`router.publish(name, …)`, `ctx.publish`) for a declared topic: the number of
 * connections it went to; 0 with an asynchronous store (delivery follows; a failure is logged).
 * Undefined when `name` is not a declared topic's.
 * @throws TopicStoreUnavailableError when a shared store (Redis) is known to be unreachable.
 */
export function publishToDeclaredByName<AppData>(
  core: RouterCore<AppData>,
  name: string,
  schema: AnyMessageSchema,
  payload: unknown,
  meta: object | undefined,
  exclude: ServerSocket | undefined,
): number | undefined {
  const hub = hubs.get(core) as TopicHub<AppData> | undefined;
  if (hub?.sharedStoreDown && hub.declarations.resolve(name) !== undefined) {
    throw new TopicStoreUnavailableError(name); // refused now: the caller has no promise to reject
  }
  const published = publishToDeclared(core, name, schema, payload, meta, exclude);
  if (!(published instanceof Promise)) return published?.recipients;
  published.catch((error: unknown) => console.error(`[typed-ws] publish to "${name}" failed:`, error));
  return 0;
}

/**
 * A publication to an undeclared name: with a shared topic store (Redis), also sent to the other
 * server processes. Call before delivering locally.
 * @throws TopicStoreUnavailableError when the shared store is known to be unreachable.
 */
export function relayToOtherProcesses<AppData>(core: RouterCore<AppData>, name: string, frame: string): void {
  hubs.get(core)?.relay(name, frame);
}
