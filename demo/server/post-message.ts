import { publishNow } from "@typed-ws/server-bun";
import { JoinRoom, NewMessage, PostMessage } from "../shared/messages.ts";
import { findRoom } from "../shared/rooms.ts";
import { RoomTopic } from "../shared/topics.ts";
import type { DemoRouter } from "./router.ts";

/** Options of {@link registerPostMessage}. */
export interface PostMessageOptions {
  /**
   * Runs the publication and the reply as one unit: `SqliteRequestStore.atomic` when the
   * server keeps its topics and remembered answers in one SQLite file (they then commit
   * together; the topic store must be synchronous). @default none: the publication is awaited
   * (any topic store, Redis included)
   */
  atomic?: <T>(block: () => T) => T;
}

/**
 * `POST_MESSAGE { roomId, text }` → `MESSAGE_POSTED { offset }`: publishes a `NEW_MESSAGE` to
 * the room's topic `room:<roomId>` (declared by `registerChat`: numbered, kept in the topic
 * store, delivered to `$ws:subscribe` subscribers with `meta.topic`/`meta.offset`), and the plain
 * envelope to the connections that sent `JOIN_ROOM`, as `SEND_MESSAGE` does; answers with the
 * offset. The server's dedupe answers a retried id with the same `MESSAGE_POSTED` without
 * publishing again; the rate limit (shared with `SEND_MESSAGE`) is middleware, so a refusal is
 * not remembered and a later retry is judged afresh. A room that does not exist answers
 * `RESOURCE_NOT_FOUND`.
 */
export function registerPostMessage(router: DemoRouter, options: PostMessageOptions = {}): void {
  // A retried post may arrive on a new connection before the tab re-joins (retried requests go
  // out before queued frames): the name is remembered per identity.
  const names = new Map<string, string>();
  router.use(JoinRoom, (ctx, next) => {
    const { identity } = ctx.ws.data;
    if (identity !== undefined) {
      names.delete(identity);
      names.set(identity, ctx.payload.username);
      if (names.size > 10_000) names.delete(names.keys().next().value as string); // the oldest
    }
    return next();
  });
  router.on(PostMessage, async (ctx) => {
    const { roomId, text } = ctx.payload;
    if (findRoom(roomId) === undefined) {
      ctx.error("RESOURCE_NOT_FOUND", `POST_MESSAGE: no room "${roomId}"; pick one of the listed rooms`, { roomId });
      return;
    }
    const { identity } = ctx.ws.data;
    const username = ctx.ws.data.username || (identity && names.get(identity)) || "Anonymous";
    const message = { username, text };
    const { atomic } = options;
    if (atomic !== undefined) {
      atomic(() => {
        const { offset } = publishNow(router, RoomTopic({ roomId }), NewMessage, message);
        ctx.reply(PostMessage.response, { offset });
      });
    } else {
      const { offset } = await router.publish(RoomTopic({ roomId }), NewMessage, message);
      ctx.reply(PostMessage.response, { offset });
    }
    router.publish(roomId, NewMessage, message); // the seeds' JOIN_ROOM members: the plain envelope
  });
}
