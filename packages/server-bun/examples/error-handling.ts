// Seed: examples.md "Type-Safe Error Handling", with only the import renamed. The seed leaves
// `validateUser` and the server out; both are added here (marked).

import { serve } from "@typed-ws/server-bun";
import { createRouter, message, z } from "@typed-ws/server-bun/zod";

// typed-ws addition: a stand-in user store. "crash" simulates a failing database.
async function validateUser(username: string, password: string): Promise<{ id: string; username: string } | null> {
  if (username === "crash") throw new Error("database unavailable");
  return username === "ada" && password === "correct horse" ? { id: "u-ada", username } : null;
}

export const LoginMessage = message("LOGIN", {
  username: z.string(),
  password: z.string(),
});

export const router = createRouter();

router.on(LoginMessage, async (ctx) => {
  const { username, password } = ctx.payload;

  try {
    // Validate credentials
    const user = await validateUser(username, password);

    if (!user) {
      ctx.error("AUTH_ERROR", "Invalid credentials");
      return;
    }

    ctx.assignData({ userId: user.id, username: user.username });
  } catch (error) {
    console.error("Login error:", error);
    ctx.error("INTERNAL_ERROR", "Login failed");
  }
});

// typed-ws addition: start a server (port from the environment).
export const server = serve(router, { port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST });
