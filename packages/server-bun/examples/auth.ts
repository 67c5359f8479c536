// Seed: examples.md "Authentication & Authorization", with only the imports renamed, the port
// read from the environment, and one marked addition so users receive what is published to them.

import { serve } from "@typed-ws/server-bun";
import { createRouter, message, z } from "@typed-ws/server-bun/zod";
import jwt from "jsonwebtoken";

export enum Role {
  USER = "user",
  ADMIN = "admin",
  MODERATOR = "moderator",
}

// User data type
type AppData = {
  userId: string;
  username: string;
  roles: Role[];
  authenticated: boolean;
};

// Message schemas
export const AdminAction = message("ADMIN_ACTION", {
  action: z.enum(["kick", "ban", "mute"]),
  targetUserId: z.string(),
  reason: z.string().optional(),
});

export const Kicked = message("KICKED", { reason: z.string() });
export const Muted = message("MUTED", { reason: z.string() });

// Create router
export const router = createRouter<AppData>();

// typed-ws addition: each user listens on a topic named after their id, which the
// admin actions below publish to.
router.onOpen((ctx) => ctx.subscribe(ctx.ws.data.userId));

// Global middleware: require authentication for protected messages
router.use((ctx, next) => {
  if (!ctx.ws.data.authenticated && ctx.type !== "ADMIN_ACTION") {
    return next();
  }
  return next();
});

// Per-route middleware: admin-only access
router.use(AdminAction, (ctx, next) => {
  if (!ctx.ws.data.roles.includes(Role.ADMIN)) {
    ctx.error("AUTH_ERROR", "Admin access required");
    return;
  }
  return next();
});

router.on(AdminAction, (ctx) => {
  const { action, targetUserId } = ctx.payload;
  console.log(`Admin ${ctx.ws.data.userId} executed: ${action}`);

  // Handle admin actions
  switch (action) {
    case "kick":
      router.publish(targetUserId, Kicked, {
        reason: ctx.payload.reason || "No reason provided",
      });
      break;
    case "mute":
      router.publish(targetUserId, Muted, {
        reason: ctx.payload.reason || "No reason provided",
      });
      break;
  }
});

// Start server with JWT authentication
export const server = serve(router, {
  port: Number(process.env.PORT ?? 3000),
  hostname: process.env.HOST,
  authenticate(req) {
    const token = req.headers.get("authorization")?.replace("Bearer ", "");

    if (!token) {
      return {
        userId: "anon",
        username: "Anonymous",
        roles: [],
        authenticated: false,
      };
    }

    try {
      const decoded = jwt.verify(token, process.env.JWT_SECRET!) as {
        userId: string;
        username: string;
        roles: Role[];
      };

      return {
        ...decoded,
        authenticated: true,
      };
    } catch (err) {
      return {
        userId: "anon",
        username: "Anonymous",
        roles: [],
        authenticated: false,
      };
    }
  },
});
