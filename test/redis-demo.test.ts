/**
 * The demo on Redis (`REDIS_URL`, as `pnpm demo:cluster` runs it): two demo server processes
 * share chat rooms and the rooms' user counts, and the counts recover from a crashed server.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { type Frame, RawClient } from "../packages/server-bun/test/raw-client.ts";
import { RedisProcess } from "./helpers/redis.ts";

let redis: RedisProcess;
const servers: Subprocess[] = [];
const clients: RawClient[] = [];
const ROOM = "6f1c1a5e-8a51-4f0e-9b0a-2b7f8f1d2c3a";

/** Starts demo/server/main.ts on a free port with REDIS_URL; resolves with its ws URL and process. */
async function startDemo(): Promise<{ url: string; proc: Subprocess<"ignore", "pipe", "inherit"> }> {
  const proc = Bun.spawn(
    [process.execPath, "--conditions=@typed-ws/source", join(import.meta.dir, "../demo/server/main.ts")],
    {
      stdin: "ignore",
      stdout: "pipe",
      stderr: "inherit",
      env: { ...process.env, PORT: "0", REDIS_URL: redis.url, PRESENCE_HEARTBEAT_MS: "50" },
    },
  );
  servers.push(proc);
  const decoder = new TextDecoder();
  let text = "";
  const reader = proc.stdout.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the demo server exited before listening:\n${text}`);
    text += decoder.decode(value, { stream: true });
    const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
    if (match) return { url: `ws://127.0.0.1:${match[1]}/ws`, proc };
  }
}

beforeAll(async () => {
  redis = await RedisProcess.start();
});
afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const proc of servers.splice(0)) {
    proc.kill("SIGKILL");
    await proc.exited;
  }
  await redis?.stop();
});

async function connect(url: string): Promise<RawClient> {
  const client = await RawClient.connect(url);
  clients.push(client);
  expect((await client.next()).type).toBe("WELCOME");
  return client;
}

/**
 * The next frame of `type` about `username` (others are skipped: a publication from the other
 * server may arrive just after a later local one, e.g. alice's join reaching bob after he joined).
 */
async function nextOf(client: RawClient, type: string, username: string): Promise<Frame> {
  for (;;) {
    const frame = await client.next();
    if (frame.type === type && (frame.payload as { username?: string }).username === username) return frame;
  }
}

describe("the demo on Redis, two server processes", () => {
  test("users on two servers share a room: one user count, messages both ways; a crashed server's users expire from the count", async () => {
    const [a, b] = await Promise.all([startDemo(), startDemo()]);
    const alice = await connect(a.url);
    const bob = await connect(b.url);

    alice.send({ type: "JOIN_ROOM", meta: {}, payload: { roomId: ROOM, username: "alice" } });
    expect((await nextOf(alice, "USER_JOINED", "alice")).payload).toEqual({ username: "alice", userCount: 1 });
    bob.send({ type: "JOIN_ROOM", meta: {}, payload: { roomId: ROOM, username: "bob" } });
    expect((await nextOf(bob, "USER_JOINED", "bob")).payload).toEqual({ username: "bob", userCount: 2 });
    expect((await nextOf(alice, "USER_JOINED", "bob")).payload).toEqual({ username: "bob", userCount: 2 });

    alice.send({ type: "SEND_MESSAGE", meta: {}, payload: { roomId: ROOM, text: "hi bob" } });
    expect((await nextOf(bob, "NEW_MESSAGE", "alice")).payload).toEqual({ username: "alice", text: "hi bob" });
    bob.send({ type: "SEND_MESSAGE", meta: {}, payload: { roomId: ROOM, text: "hi alice" } });
    expect((await nextOf(alice, "NEW_MESSAGE", "bob")).payload).toEqual({ username: "bob", text: "hi alice" });

    // Server B crashes (no close handlers run): bob expires from the room once his entry is not refreshed.
    b.proc.kill("SIGKILL");
    await b.proc.exited;
    expect((await nextOf(alice, "USER_LEFT", "bob")).payload).toEqual({ username: "bob", userCount: 1 });

    // A user joining on a new server B counts right.
    const b2 = await startDemo();
    const carol = await connect(b2.url);
    carol.send({ type: "JOIN_ROOM", meta: {}, payload: { roomId: ROOM, username: "carol" } });
    expect((await nextOf(carol, "USER_JOINED", "carol")).payload).toEqual({ username: "carol", userCount: 2 });
    expect((await nextOf(alice, "USER_JOINED", "carol")).payload).toEqual({ username: "carol", userCount: 2 });
  }, 20_000);
});

describe("pnpm demo:cluster (scripts/demo-cluster.ts)", () => {
  test("starts redis-server and two demo servers that share a room, and stops them all on SIGINT", async () => {
    const cluster = Bun.spawn(
      [process.execPath, "--conditions=@typed-ws/source", join(import.meta.dir, "../scripts/demo-cluster.ts")],
      { stdin: "ignore", stdout: "pipe", stderr: "inherit", env: { ...process.env, PORT: "0" } },
    );
    try {
      const decoder = new TextDecoder();
      let text = "";
      const reader = cluster.stdout.getReader();
      const urls = new Map<string, string>();
      let redisPid = 0;
      while (urls.size < 2) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`demo:cluster exited early:\n${text}`);
        text += decoder.decode(value, { stream: true });
        for (const match of text.matchAll(/server ([AB]): open http:\/\/127\.0\.0\.1:(\d+)/g)) {
          urls.set(match[1] as string, `ws://127.0.0.1:${match[2]}/ws`);
        }
        redisPid = Number(/redis-server \(pid (\d+)\)/.exec(text)?.[1] ?? 0);
      }
      void (async () => {
        while (!(await reader.read()).done) {}
      })();
      const alice = await connect(urls.get("A") as string);
      const bob = await connect(urls.get("B") as string);
      alice.send({ type: "JOIN_ROOM", meta: {}, payload: { roomId: ROOM, username: "alice" } });
      expect((await nextOf(alice, "USER_JOINED", "alice")).payload).toEqual({ username: "alice", userCount: 1 });
      bob.send({ type: "JOIN_ROOM", meta: {}, payload: { roomId: ROOM, username: "bob" } });
      expect((await nextOf(alice, "USER_JOINED", "bob")).payload).toEqual({ username: "bob", userCount: 2 });

      cluster.kill("SIGINT");
      expect(await cluster.exited).toBe(0);
      expect(redisPid).toBeGreaterThan(0);
      expect(() => process.kill(redisPid, 0)).toThrow(); // redis-server was stopped too
    } finally {
      cluster.kill("SIGKILL");
    }
  }, 20_000);
});
