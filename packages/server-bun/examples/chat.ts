// Seed: examples.md "Chat Application", with only the imports renamed (and the port read from
// the environment so tests can run it on port 0).

import { serve } from "@typed-ws/server-bun";
import { createRouter, message, z } from "@typed-ws/server-bun/zod";

type AppData = { username?: string };

// Message schemas
export const JoinRoom = message("JOIN_ROOM", {
  roomId: z.string().uuid(),
  username: z.string().min(1).max(20),
});

export const SendMessage = message("SEND_MESSAGE", {
  roomId: z.string().uuid(),
  text: z.string().min(1).max(500),
});

export const LeaveRoom = message("LEAVE_ROOM", {
  roomId: z.string().uuid(),
});

export const Welcome = message("WELCOME", {
  message: z.string(),
});

export const UserJoined = message("USER_JOINED", {
  username: z.string(),
  userCount: z.number(),
});

export const NewMessage = message("NEW_MESSAGE", {
  username: z.string(),
  text: z.string(),
});

export const UserLeft = message("USER_LEFT", {
  username: z.string(),
  userCount: z.number(),
});

// Store active users per room
export const rooms = new Map<string, Set<string>>();

// Create router
export const router = createRouter<AppData>();

router.onOpen((ctx) => {
  console.log(`Client ${ctx.ws.data.clientId} connected`);
  ctx.send(Welcome, { message: "Connected to chat server" });
});

router.on(JoinRoom, (ctx) => {
  const { roomId, username } = ctx.payload;

  // Store username in connection data
  ctx.assignData({ username });

  // Create room if doesn't exist
  if (!rooms.has(roomId)) {
    rooms.set(roomId, new Set());
  }

  // Add user to room
  rooms.get(roomId)!.add(ctx.ws.data.clientId);

  // Subscribe to room broadcasts
  ctx.subscribe(roomId);

  // Notify room members
  router.publish(roomId, UserJoined, {
    username,
    userCount: rooms.get(roomId)!.size,
  });
});

router.on(SendMessage, (ctx) => {
  const { roomId, text } = ctx.payload;

  // Broadcast message to room
  router.publish(roomId, NewMessage, {
    username: ctx.ws.data.username || "Anonymous",
    text,
  });
});

router.on(LeaveRoom, (ctx) => {
  const { roomId } = ctx.payload;

  // Remove from room
  rooms.get(roomId)?.delete(ctx.ws.data.clientId);

  // Unsubscribe
  ctx.unsubscribe(roomId);

  // Notify others
  router.publish(roomId, UserLeft, {
    username: ctx.ws.data.username || "Anonymous",
    userCount: rooms.get(roomId)?.size || 0,
  });
});

router.onClose((ctx) => {
  // Clean up user from all rooms
  for (const [roomId, users] of rooms) {
    if (users.has(ctx.ws.data.clientId)) {
      users.delete(ctx.ws.data.clientId);
    }
  }
});

// Start server
export const server = serve(router, {
  port: Number(process.env.PORT ?? 3000),
  hostname: process.env.HOST,
  authenticate(req) {
    // Optional: validate authentication
    return undefined;
  },
});
