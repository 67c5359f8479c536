/**
 * `pnpm demo:cluster`: Redis and two demo servers sharing it. Starts `redis-server` on a free
 * 127.0.0.1 port (persistence off: a demo), then `demo/server/main.ts` twice with `REDIS_URL`, on
 * $PORT (default 3000) and $PORT+1. Each prints its URL; open one in each browser and chat in
 * one room. Kill a server (`kill -9 <pid>`, printed below) to see the other keep the room's user
 * count right; the cluster starts it again after 2 s. Ctrl+C stops everything (by PID).
 */
import { join } from "node:path";
import type { Subprocess } from "bun";

const root = join(import.meta.dir, "..");
const basePort = Number(process.env.PORT ?? 3000);

function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

const redisBinary = Bun.which("redis-server");
if (redisBinary === null) {
  console.error("demo:cluster needs redis-server: apt-get install redis-server (or brew install redis)");
  process.exit(1);
}
const redisPort = freePort();
const redis = Bun.spawn(
  [redisBinary, "--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
  { stdout: "pipe", stderr: "inherit" },
);
const decoder = new TextDecoder();
let redisOutput = "";
for await (const chunk of redis.stdout) {
  redisOutput += decoder.decode(chunk, { stream: true });
  if (redisOutput.includes("Ready to accept connections")) break;
}
const redisUrl = `redis://127.0.0.1:${redisPort}`;
console.log(`› redis-server (pid ${redis.pid}) on ${redisUrl}`);

let stopping = false;
const servers = new Map<string, Subprocess>();

function startServer(name: string, port: number): void {
  const child = Bun.spawn([process.execPath, "--conditions=@typed-ws/source", join(root, "demo/server/main.ts")], {
    cwd: root,
    env: { ...process.env, PORT: String(port), REDIS_URL: redisUrl, PRESENCE_HEARTBEAT_MS: "2000" },
    stdout: "pipe",
    stderr: "inherit",
  });
  servers.set(name, child);
  let listeningOn = port;
  (async () => {
    for await (const chunk of child.stdout as ReadableStream<Uint8Array>) {
      const text = decoder.decode(chunk, { stream: true });
      for (const line of text.split("\n").filter(Boolean)) {
        console.log(`[${name} pid ${child.pid}] ${line}`);
        const match = /listening on http:\/\/[\d.]+:(\d+)/.exec(line);
        if (match) {
          listeningOn = Number(match[1]);
          console.log(`\n  ➜ server ${name}: open http://127.0.0.1:${listeningOn} (crash it: kill -9 ${child.pid})\n`);
        }
      }
    }
  })();
  child.exited.then((code) => {
    if (stopping) return;
    console.log(`› server ${name} (pid ${child.pid}) exited (${code}); starting it again on its port in 2 s`);
    setTimeout(() => startServer(name, listeningOn), 2000);
  });
}

// PORT=0: each server picks a free port (and keeps it across restarts).
startServer("A", basePort);
startServer("B", basePort === 0 ? 0 : basePort + 1);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    stopping = true;
    for (const child of servers.values()) child.kill();
    await Promise.all([...servers.values()].map((child) => child.exited));
    redis.kill();
    await redis.exited;
    process.exit(0);
  });
}
