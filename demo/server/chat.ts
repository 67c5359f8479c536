import {
  JoinRoom,
  LeaveRoom,
  NewMessage,
  RoomTopic,
  SendMessage,
  UserJoined,
  UserLeft,
  Welcome,
} from "../shared/messages.ts";
import type { DemoRouter } from "./router.ts";

/**
 * The seeds' chat rooms: join, send, leave, a welcome on connect. One addition: when a socket
 * closes, the rooms it was in get a `USER_LEFT`, so the live user counts stay right.
 */
export function registerChat(router: DemoRouter): void {
  /** Room id → client ids in it. */
  const rooms = new Map<string, Set<string>>();

  const leave = (roomId: string, clientId: string, username: string | undefined) => {
    const users = rooms.get(roomId);
    if (users === undefined || !users.delete(clientId)) return;
    if (users.size === 0) rooms.delete(roomId);
    router.publish(roomId, UserLeft, { username: username || "Anonymous", userCount: users.size });
  };

  router.onOpen((ctx) => {
    ctx.send(Welcome, { message: "Connected to chat server" });
  });

  router.on(JoinRoom, (ctx) => {
    const { roomId, username } = ctx.payload;
    ctx.assignData({ username });
    let users = rooms.get(roomId);
    if (users === undefined) {
      users = new Set();
      rooms.set(roomId, users);
    }
    users.add(ctx.ws.data.clientId);
    ctx.subscribe(roomId);
    ctx.subscribe(RoomTopic({ roomId }).name); // POST_MESSAGE's publications (numbered)
    router.publish(roomId, UserJoined, { username, userCount: users.size });
  });

  router.on(SendMessage, (ctx) => {
    const { roomId, text } = ctx.payload;
    router.publish(roomId, NewMessage, { username: ctx.ws.data.username || "Anonymous", text });
  });

  router.on(LeaveRoom, (ctx) => {
    const { roomId } = ctx.payload;
    ctx.unsubscribe(roomId);
    ctx.unsubscribe(RoomTopic({ roomId }).name);
    leave(roomId, ctx.ws.data.clientId, ctx.ws.data.username);
  });

  router.onClose((ctx) => {
    for (const [roomId, users] of rooms) {
      if (users.has(ctx.ws.data.clientId)) leave(roomId, ctx.ws.data.clientId, ctx.ws.data.username);
    }
  });
}
