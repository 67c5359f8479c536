/**
 * Real Redis for tests: Debian's `redis-server` on a free 127.0.0.1 port, persistence off,
 * stopped by PID. Missing `redis-server` fails the test run (it is never skipped): install it
 * with `apt-get install redis-server` (scripts/ensure-system-deps.sh does in CI).
 *
 * Also runs typed-ws servers as child Bun processes (test/helpers/redis-app.ts) against it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";

/** A free TCP port on 127.0.0.1: bind port 0, read it, close (Redis cannot bind port 0 itself). */
export function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/** Resolves once a line of `stream` matches; rejects when the stream ends first. */
async function waitForLine(
  stream: ReadableStream<Uint8Array>,
  pattern: RegExp,
  what: string,
): Promise<RegExpMatchArray> {
  const decoder = new TextDecoder();
  let text = "";
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`${what} ended before printing ${pattern}; its output:\n${text}`);
    text += decoder.decode(value, { stream: true });
    const match = text.match(pattern);
    if (match) {
      // Keep draining so the child never blocks on a full pipe.
      void (async () => {
        while (!(await reader.read()).done) {}
      })().catch(() => undefined);
      return match;
    }
  }
}

/**
 * A `redis-server` child process on one port; `restart()` keeps the port. Persistence is off
 * (a restart loses every key) unless started with `persistent: true`: then an append-only file
 * synced on every write, in a temporary directory removed by `stop()`, so a restart keeps the data.
 */
export class RedisProcess {
  readonly port: number;
  readonly #dir: string | undefined;
  #proc: Subprocess<"ignore", "pipe", "inherit"> | undefined;

  private constructor(port: number, dir: string | undefined) {
    this.port = port;
    this.#dir = dir;
  }

  /** Starts `redis-server` on a free port and resolves once it accepts connections. */
  static async start(options: { persistent?: boolean } = {}): Promise<RedisProcess> {
    const dir = options.persistent ? mkdtempSync(join(tmpdir(), "typed-ws-redis-")) : undefined;
    const redis = new RedisProcess(freePort(), dir);
    await redis.#spawn();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.#proc?.pid;
  }

  async #spawn(): Promise<void> {
    const binary = Bun.which("redis-server");
    if (binary === null) {
      throw new Error(
        "redis-server is not installed: the Redis tests need it (apt-get install redis-server; CI runs scripts/ensure-system-deps.sh)",
      );
    }
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", ""];
    if (this.#dir === undefined) args.push("--appendonly", "no");
    else args.push("--appendonly", "yes", "--appendfsync", "always", "--dir", this.#dir);
    this.#proc = Bun.spawn([binary, ...args], { stdin: "ignore", stdout: "pipe", stderr: "inherit" });
    await waitForLine(this.#proc.stdout, /Ready to accept connections/, `redis-server on port ${this.port}`);
  }

  /** Kills the process (SIGKILL, by PID), waits for it to exit, and removes its data directory. */
  async stop(): Promise<void> {
    await this.#kill();
    if (this.#dir !== undefined) rmSync(this.#dir, { recursive: true, force: true });
  }

  async #kill(): Promise<void> {
    const proc = this.#proc;
    this.#proc = undefined;
    if (proc === undefined) return;
    proc.kill("SIGKILL");
    await proc.exited;
  }

  /** Kills (SIGKILL) and starts again on the same port: every key is gone unless `persistent`. */
  async restart(): Promise<void> {
    await this.#kill();
    await this.#spawn();
  }
}

/** A typed-ws server child process (test/helpers/redis-app.ts) using Redis. */
export class AppProcess {
  readonly port: number;
  readonly url: string;
  readonly #proc: Subprocess<"ignore", "pipe", "inherit">;

  private constructor(proc: Subprocess<"ignore", "pipe", "inherit">, port: number) {
    this.#proc = proc;
    this.port = port;
    this.url = `ws://127.0.0.1:${port}/`;
  }

  /** Spawns the app on a free port against `redisUrl` and resolves once it listens. */
  static async start(redisUrl: string, env: Record<string, string> = {}): Promise<AppProcess> {
    const script = new URL("./redis-app.ts", import.meta.url).pathname;
    const proc = Bun.spawn([process.execPath, "--conditions=@typed-ws/source", script], {
      stdin: "ignore",
      stdout: "pipe",
      stderr: "inherit",
      env: { ...process.env, REDIS_URL: redisUrl, PORT: "0", ...env },
    });
    const match = await waitForLine(proc.stdout, /listening on port (\d+)/, "the Redis test app");
    return new AppProcess(proc, Number(match[1]));
  }

  /** Kills the process by PID (SIGKILL: no goodbye to its clients) and waits for it to exit. */
  async kill(): Promise<void> {
    this.#proc.kill("SIGKILL");
    await this.#proc.exited;
  }
}
