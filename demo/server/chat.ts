import { JoinRoom, LeaveRoom, NewMessage, SendMessage, UserJoined, UserLeft, Welcome } from "../shared/messages.ts";
import { findRoom } from "../shared/rooms.ts";
import { RoomTopic } from "../shared/topics.ts";
import { MemoryPresence, type Presence } from "./presence.ts";
import type { DemoRouter } from "./router.ts";

/** Room history: at least the last 100 messages of each room (kept a week). */
export const ROOM_HISTORY: { maxCount: number; maxAgeMs: number } = { maxCount: 200, maxAgeMs: 7 * 24 * 60 * 60_000 };

/**
 * The seeds' chat rooms: join, send, leave, a welcome on connect. Additions: when a socket
 * closes, the rooms it was in get a `USER_LEFT`, so the live user counts stay right (who is in
 * which room lives in `presence`: in memory, or in Redis when several servers share the rooms);
 * and each named room is the topic `room:<roomId>` any client may `$ws:subscribe` to, with
 * history, so a client that reconnects gets what was said meanwhile (other topic names:
 * `RESOURCE_NOT_FOUND`). `SEND_MESSAGE` publishes `NEW_MESSAGE` to the topic (with
 * `meta.topic`/`meta.offset`) and, as the seeds do, the plain envelope to the connections that
 * sent `JOIN_ROOM`. `history` overrides {@link ROOM_HISTORY} (tests that post thousands).
 */
export function registerChat(
  router: DemoRouter,
  presence: Presence = new MemoryPresence(),
  history: Partial<typeof ROOM_HISTORY> = {},
): void {
  router.topic(RoomTopic, {
    exists: ({ roomId }) => findRoom(roomId) !== undefined,
    history: { ...ROOM_HISTORY, ...history },
  });

  const leave = async (roomId: string, clientId: string, username: string | undefined) => {
    const userCount = await presence.leave(roomId, clientId);
    if (userCount === undefined) return;
    router.publish(roomId, UserLeft, { username: username || "Anonymous", userCount });
  };

  router.onOpen((ctx) => {
    ctx.send(Welcome, { message: "Connected to chat server" });
  });

  router.on(JoinRoom, async (ctx) => {
    const { roomId, username } = ctx.payload;
    ctx.assignData({ username });
    ctx.subscribe(roomId);
    const userCount = await presence.join(roomId, ctx.ws.data.clientId, username);
    router.publish(roomId, UserJoined, { username, userCount });
  });

  router.on(SendMessage, (ctx) => {
    const { roomId, text } = ctx.payload;
    const message = { username: ctx.ws.data.username || "Anonymous", text };
    if (findRoom(roomId) !== undefined) {
      // A synchronous store numbers, stores and delivers it before this returns.
      router.publish(RoomTopic({ roomId }), NewMessage, message).catch((error: unknown) => {
        console.error(`demo server: publishing to room:${roomId} failed:`, error);
      });
    }
    router.publish(roomId, NewMessage, message);
  });

  router.on(LeaveRoom, async (ctx) => {
    const { roomId } = ctx.payload;
    ctx.unsubscribe(roomId);
    await leave(roomId, ctx.ws.data.clientId, ctx.ws.data.username);
  });

  router.onClose(async (ctx) => {
    const { clientId, username } = ctx.ws.data;
    for (const roomId of presence.roomsOf(clientId)) await leave(roomId, clientId, username);
  });
}
