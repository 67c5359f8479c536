import { JoinRoom, LeaveRoom, NewMessage, SendMessage, UserJoined, UserLeft, Welcome } from "../shared/messages.ts";
import { MemoryPresence, type Presence } from "./presence.ts";
import type { DemoRouter } from "./router.ts";

/**
 * The seeds' chat rooms: join, send, leave, a welcome on connect. One addition: when a socket
 * closes, the rooms it was in get a `USER_LEFT`, so the live user counts stay right. Who is in
 * which room lives in `presence` (in memory, or in Redis when several servers share the rooms).
 */
export function registerChat(router: DemoRouter, presence: Presence = new MemoryPresence()): void {
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
    router.publish(roomId, NewMessage, { username: ctx.ws.data.username || "Anonymous", text });
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
