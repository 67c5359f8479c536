/** Every seed example in ../examples, started on port 0 and exercised with the real client. */
import { afterAll, beforeAll, describe, expect, spyOn, test } from "bun:test";
import type { AnyMessageSchema } from "@typed-ws/client";
import { type InferMessage, ServerError, type WsClientOptions, wsClient } from "@typed-ws/client";
import type { Server } from "bun";
import jwt from "jsonwebtoken";
import { stopAll, track } from "./setup.ts";

const started: Server<unknown>[] = [];

beforeAll(() => {
  process.env.PORT = "0";
  process.env.HOST = "127.0.0.1";
  process.env.JWT_SECRET = "test-only-secret";
});

afterAll(async () => {
  await stopAll();
  await Promise.all(started.splice(0).map((server) => server.stop(true)));
});

/** Imports an example (which starts its server) and returns the module and its URL. */
async function load<M extends { server: Server<never> }>(importer: () => Promise<M>): Promise<M & { url: string }> {
  const module = await importer();
  started.push(module.server as Server<unknown>);
  return { ...module, url: `ws://127.0.0.1:${module.server.port}` };
}

/** A client that is not yet connected (so handlers can be added first), closed after the tests. */
function client(url: string, options: Partial<WsClientOptions> = {}) {
  return track(wsClient({ url, reconnect: false, heartbeat: false, ...options }));
}

/** Resolves with the next `count` messages of `schema` a client receives. */
function collect<S extends AnyMessageSchema>(
  c: ReturnType<typeof client>,
  schema: S,
  count = 1,
): Promise<InferMessage<S>[]> {
  const received: InferMessage<S>[] = [];
  return new Promise((resolve) => {
    const off = c.on(schema, (message) => {
      received.push(message);
      if (received.length === count) {
        off();
        resolve(received);
      }
    });
  });
}

describe("chat example", () => {
  test("welcome, join, broadcast, leave across two clients", async () => {
    const chat = await load(() => import("../examples/chat.ts"));
    const room = crypto.randomUUID();
    const [a, b] = [client(chat.url), client(chat.url)];
    const welcomes = [collect(a, chat.Welcome), collect(b, chat.Welcome)];
    await Promise.all([a.connect(), b.connect()]);
    expect((await welcomes[0])?.[0]?.payload.message).toBe("Connected to chat server");
    await welcomes[1];

    const aJoins = collect(a, chat.UserJoined, 2);
    a.send(chat.JoinRoom, { roomId: room, username: "alice" });
    const bJoined = collect(b, chat.UserJoined);
    await collect(a, chat.UserJoined); // alice's own join, before bob joins
    b.send(chat.JoinRoom, { roomId: room, username: "bob" });
    expect((await aJoins).map((m) => m.payload)).toEqual([
      { username: "alice", userCount: 1 },
      { username: "bob", userCount: 2 },
    ]);
    expect((await bJoined)[0]?.payload).toEqual({ username: "bob", userCount: 2 });

    const messages = [collect(a, chat.NewMessage), collect(b, chat.NewMessage)];
    b.send(chat.SendMessage, { roomId: room, text: "hi all" });
    for (const received of await Promise.all(messages)) {
      expect(received[0]?.payload).toEqual({ username: "bob", text: "hi all" });
    }

    const left = collect(a, chat.UserLeft);
    b.send(chat.LeaveRoom, { roomId: room });
    expect((await left)[0]?.payload).toEqual({ username: "bob", userCount: 1 });
  });
});

describe("auth example (JWT)", () => {
  function withToken(token: string): WsClientOptions["WebSocket"] {
    // Bun's WebSocket can send headers, so the seed's Authorization header works from a Bun client.
    return class extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, { protocols, headers: { Authorization: `Bearer ${token}` } } as unknown as string[]);
      }
    } as unknown as WsClientOptions["WebSocket"];
  }

  test("non-admins are denied by the per-route middleware; admins' kicks reach the target", async () => {
    const auth = await load(() => import("../examples/auth.ts"));
    const secret = process.env.JWT_SECRET!;
    const admin = client(auth.url, {
      WebSocket: withToken(jwt.sign({ userId: "u-admin", username: "root", roles: [auth.Role.ADMIN] }, secret)),
    });
    const user = client(auth.url, {
      WebSocket: withToken(jwt.sign({ userId: "u-user", username: "joe", roles: [auth.Role.USER] }, secret)),
    });
    const forged = client(auth.url, { WebSocket: withToken(jwt.sign({ userId: "x", roles: ["admin"] }, "wrong")) });
    await Promise.all([admin.connect(), user.connect(), forged.connect()]);

    for (const denied of [user, forged]) {
      const error = await denied
        .request(auth.AdminAction, { action: "kick", targetUserId: "u-admin" }, auth.Kicked)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({ code: "AUTH_ERROR", message: "Admin access required" });
    }

    const kicked = collect(user, auth.Kicked);
    admin.send(auth.AdminAction, { action: "kick", targetUserId: "u-user", reason: "spam" });
    expect((await kicked)[0]?.payload.reason).toBe("spam");
  });
});

describe("rate limiting example", () => {
  test("the 11th message within a minute is answered with RATE_LIMIT", async () => {
    const limited = await load(() => import("../examples/rate-limit.ts"));
    const log = spyOn(console, "log").mockImplementation(() => {});
    try {
      const c = client(limited.url);
      await c.connect();
      for (let i = 0; i < 10; i++) c.send(limited.SendMessage, { text: `m${i}` });
      const error = await c.request(limited.SendMessage, { text: "one too many" }, limited.SendMessage).catch((e) => e);
      expect(error).toMatchObject({ code: "RATE_LIMIT", message: "Too many messages. Max 10 per minute." });
      expect(log.mock.calls.map((call) => call[0])).toEqual(Array.from({ length: 10 }, (_, i) => `Message: m${i}`));
    } finally {
      log.mockRestore();
    }
  });
});

describe("request/response example", () => {
  test("the server answers CALCULATE with the correlated result", async () => {
    const calc = await load(() => import("../examples/request-response.ts"));
    const c = client(calc.url);
    await c.connect();
    const [sum, product] = await Promise.all([
      c.request(calc.Calculate, { operation: "add", a: 5, b: 3 }, calc.CalculateResult, { timeoutMs: 5000 }),
      c.request(calc.Calculate, { operation: "multiply", a: 5, b: 3 }, calc.CalculateResult, { timeoutMs: 5000 }),
    ]);
    expect([sum.payload.result, product.payload.result]).toEqual([8, 15]);
  });

  test("the seed's client program prints 5 + 3 = 8", async () => {
    const calc = await load(() => import("../examples/request-response.ts"));
    const child = Bun.spawn(
      [
        process.execPath,
        "--conditions=@typed-ws/source",
        new URL("../examples/request-response-client.ts", import.meta.url).pathname,
      ],
      { env: { ...process.env, WS_URL: calc.url }, stdout: "pipe", stderr: "pipe" },
    );
    const [stdout, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe("5 + 3 = 8");
  });
});

describe("error handling example", () => {
  test("bad credentials → AUTH_ERROR; a failing store → INTERNAL_ERROR; the connection stays usable", async () => {
    const errors = await load(() => import("../examples/error-handling.ts"));
    const quiet = spyOn(console, "error").mockImplementation(() => {});
    try {
      const c = client(errors.url);
      await c.connect();
      const login = (username: string, password: string) =>
        c.request(errors.LoginMessage, { username, password }, errors.LoginMessage).catch((e: unknown) => e);
      expect(await login("ada", "nope")).toMatchObject({ code: "AUTH_ERROR", message: "Invalid credentials" });
      expect(await login("crash", "x")).toMatchObject({ code: "INTERNAL_ERROR", message: "Login failed" });
      expect(quiet).toHaveBeenCalledTimes(1); // the seed's console.error("Login error:", …)
      expect(await login("bob", "nope")).toMatchObject({ code: "AUTH_ERROR" });
    } finally {
      quiet.mockRestore();
    }
  });
});

describe("discriminated unions example", () => {
  test("each typed handler runs, and the union parses our message schemas", async () => {
    const unions = await load(() => import("../examples/discriminated-unions.ts"));
    const lines: string[] = [];
    let seen: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      seen = resolve;
    });
    const log = spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line);
      if (lines.length === 2) seen();
    });
    try {
      const c = client(unions.url);
      await c.connect();
      c.send(unions.PingMessage);
      c.send(unions.ChatMessage, { text: "hello" });
      await done;
      expect(lines).toEqual(["Received ping", "Chat: hello"]);
    } finally {
      log.mockRestore();
    }
    const parsed = unions.AllMessages.parse({ type: "PONG", meta: {}, payload: { latency: 5 } });
    expect(parsed.type === "PONG" && parsed.payload.latency).toBe(5);
  });
});

describe("message schemas examples", () => {
  test("Zod snippets: reserved keys, strictness, inference, transforms, ErrorMessage", async () => {
    const schemas = await load(() => import("../examples/message-schemas.ts"));
    expect(schemas.tryBadSchema()).toBeInstanceOf(TypeError);
    const quiet = spyOn(console, "error").mockImplementation(() => {});
    expect(schemas.tryTypo().success).toBe(false);
    quiet.mockRestore();

    const c = client(schemas.url);
    await c.connect();
    const good = await c.request(schemas.GoodSchema, { text: "x" }, schemas.Seen);
    expect(good.payload.summary).toMatch(/^[0-9a-f-]{36}@\d+$/);

    const log = spyOn(console, "log").mockImplementation(() => {});
    const profile = await c.request(
      schemas.UserProfileMessage,
      { id: crypto.randomUUID(), name: "Ada", age: 36, tags: [] },
      schemas.Seen,
    );
    log.mockRestore();
    expect(profile.payload.summary).toBe("Ada:36");

    const scheduled = await c.request(
      schemas.DateMessage,
      { startDate: "2030-01-02T03:04:05Z", title: "  Launch ", metadata: '{"a":1}' },
      schemas.Seen,
    );
    expect(scheduled.payload.summary).toBe('2030-01-02T03:04:05.000Z|launch|{"a":1}');

    const error = collect(c, schemas.ErrorMessage);
    c.send(schemas.LoginMessage, { username: "ada", password: "long enough" });
    expect((await error)[0]?.payload).toEqual({
      code: "VALIDATION_FAILED",
      message: "Invalid input",
      context: { field: "email", reason: "Invalid format" },
    });

    const union = schemas.MessageUnion.parse({ type: "ECHO", payload: { text: "e" } });
    expect(union).toEqual({ type: "ECHO", meta: {}, payload: { text: "e" } });
  });

  test("Valibot snippet: validated by the server through Standard Schema", async () => {
    const schemas = await load(() => import("../examples/message-schemas-valibot.ts"));
    const c = client(schemas.url);
    await c.connect();
    const echo = await c.request(
      schemas.ChatMessage,
      { text: "hi", roomId: crypto.randomUUID(), mentions: ["a", "b"] },
      schemas.ChatEcho,
    );
    expect(echo.payload).toEqual({ text: "hi", mentions: 2 });
  });
});
