/**
 * Remembered request answers shared by several server processes (PROTOCOL.md, "Requests that
 * survive a reconnect": with several processes the memory is shared). A retry of one request
 * may reach another process than the first try; the shared record makes it run at most once:
 *
 * ```ts
 * const claim = await requests.claim(identity, correlationId, ttlMs);
 * if (claim.state === "done") send(claim.frame);              // finished: the same answer again
 * else if (claim.state === "running") {                       // running here or on another process
 *   const frame = await requests.wait(identity, correlationId, ttlMs);
 *   if (frame !== undefined) send(frame);
 * } else {                                                     // "run": this process runs it
 *   const frame = await runHandler();
 *   await requests.finish(identity, correlationId, frame, ttlMs);
 * }
 * ```
 *
 * {@link RedisRequestStore} implements it, and also the router's `RequestStore` (`get`/`set` and
 * the optional `claim`/`renew`/`release`/`wait`), so `serve(router, { dedupe: new
 * RedisRequestStore() })` makes every request run at most once across processes with no code in
 * the handler: the router claims each request before running it; a retry that reaches another
 * process while the first still runs it waits for that answer; one that arrives after it answered
 * gets the remembered frame; a claim whose process died expires (`claimMs`) and a retry then runs it.
 */
import { DEFAULT_CLAIM_MS, DEFAULT_REMEMBER_MS, type RequestClaim, type RequestStore } from "../dedupe/store.ts";
import { RedisChannel } from "./channel.ts";
import { RedisLink } from "./link.ts";
import { LuaScript } from "./lua-script.ts";

/** What {@link SharedRequestStore.claim} found (the same type as the router's `RequestStore.claim`). */
export type { RequestClaim };

/** Remembered terminal answers per (identity, correlation id), shared by processes. */
export interface SharedRequestStore {
  /** Claims the request atomically: exactly one caller across processes gets `"run"` per key and `ttlMs`. */
  claim(identity: string, correlationId: string, ttlMs: number): Promise<RequestClaim>;
  /** Remembers the terminal frame for `ttlMs` and wakes every `wait` for it, on every process. */
  finish(identity: string, correlationId: string, frame: string, ttlMs: number): Promise<void>;
  /**
   * The terminal frame once the request finishes (at once if it has); undefined when `timeoutMs`
   * passes first or the claim expired without an answer (its process died: a retry may run it).
   */
  wait(identity: string, correlationId: string, timeoutMs: number): Promise<string | undefined>;
}

/** Options of {@link RedisRequestStore}. */
export interface RedisRequestStoreOptions {
  /** @default process.env.REDIS_URL, else "redis://127.0.0.1:6379" */
  url?: string;
  /** Prefix of keys and of the channel. @default "typed-ws:" */
  prefix?: string;
  /** How long `set` remembers an answer (the router's `RequestStore` side), in ms. @default 60000 */
  maxAgeMs?: number;
  /** How long the router's claim of a running request lives without renewal (it renews it every third of that), in ms: a process that died holds a request this long at most. @default 10000 */
  claimMs?: number;
}

/** Claims a key: `run` (now `R<owner ARGV[2]>` for ARGV[1] ms), or the value found (`R…` running, `D<frame>` done). */
const CLAIM_SCRIPT = new LuaScript(`
local found = redis.call('GET', KEYS[1])
if found then return found end
redis.call('SET', KEYS[1], 'R' .. ARGV[2], 'PX', ARGV[1])
return 'run'
`);

/** Extends the claim to ARGV[2] ms if it is still `R<owner ARGV[1]>`: 1, else 0. */
const RENEW_SCRIPT = new LuaScript(`
if redis.call('GET', KEYS[1]) == 'R' .. ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`);

/** Deletes the claim if it is still `R<owner ARGV[1]>` (never an answer, never another owner's claim). */
/**
 * Deletes this instance's claim (`R<ARGV[1]>`) and announces `-<key length> <key>` on ARGV[2], so
 * a retry waiting on another process wakes at once and claims the request itself.
 */
const RELEASE_SCRIPT = new LuaScript(`
if redis.call('GET', KEYS[1]) == 'R' .. ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], '-' .. string.len(KEYS[1]) .. ' ' .. KEYS[1])
end
return 1
`);

/** Stores `D<frame>` for ARGV[2] ms and announces `<key length> <key><frame>` on ARGV[3]. */
const FINISH_SCRIPT = new LuaScript(`
redis.call('SET', KEYS[1], 'D' .. ARGV[1], 'PX', ARGV[2])
redis.call('PUBLISH', ARGV[3], string.len(KEYS[1]) .. ' ' .. KEYS[1] .. ARGV[1])
return 1
`);

/**
 * {@link SharedRequestStore} in Redis: one string key per request (`<prefix>req:<identity
 * length>:<identity>:<correlationId>`) holding `R<owner>` while running (owner: a random id of
 * this store instance) and `D<frame>` once done, with a TTL; `claim` and `finish` are one Lua script each (one round trip); finishing `PUBLISH`es the
 * answer on `<prefix>answers`, which every process subscribes to (again after each reconnect),
 * so a retry waiting on another process gets it at once. Commands fail at once while Redis is
 * unreachable (the caller answers `ERROR`; the client may retry).
 */
export class RedisRequestStore implements SharedRequestStore, RequestStore {
  readonly prefix: string;
  /** How long `set` remembers an answer, in ms. */
  readonly maxAgeMs: number;
  /** How long the router's claim lives without renewal, in ms. */
  readonly claimMs: number;
  /** Resolves once both connections were up once. */
  readonly ready: Promise<void>;
  readonly #commands: RedisLink;
  readonly #subscriber: RedisChannel;
  /** Marks this instance's claims, so `renew` and `release` touch only its own. */
  readonly #owner = crypto.randomUUID();
  readonly #waiters = new Map<string, Set<(frame: string | undefined) => void>>();

  constructor(options: RedisRequestStoreOptions = {}) {
    const url = options.url ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
    this.prefix = options.prefix ?? "typed-ws:";
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_REMEMBER_MS;
    this.claimMs = options.claimMs ?? DEFAULT_CLAIM_MS;
    if (!(this.maxAgeMs > 0)) throw new RangeError("typed-ws: RedisRequestStore maxAgeMs must be positive");
    if (!(this.claimMs > 0)) throw new RangeError("typed-ws: RedisRequestStore claimMs must be positive");
    this.#commands = new RedisLink(url);
    this.#subscriber = new RedisChannel(url, `${this.prefix}answers`, (message) => this.#answered(message));
    this.ready = Promise.all([this.#commands.ready, this.#subscriber.ready]).then(() => undefined);
  }

  #key(identity: string, correlationId: string): string {
    return `${this.prefix}req:${identity.length}:${identity}:${correlationId}`;
  }

  async claim(identity: string, correlationId: string, ttlMs: number): Promise<RequestClaim> {
    const found = String(
      await CLAIM_SCRIPT.run(
        await this.#commands.usable(),
        [this.#key(identity, correlationId)],
        [String(ttlMs), this.#owner],
      ),
    );
    if (found === "run") return { state: "run" };
    return found.startsWith("D") ? { state: "done", frame: found.slice(1) } : { state: "running" };
  }

  /** Extends this instance's claim by `ttlMs`; false when it no longer holds it (answered, expired, released). */
  async renew(identity: string, correlationId: string, ttlMs: number): Promise<boolean> {
    const key = this.#key(identity, correlationId);
    return Number(await RENEW_SCRIPT.run(await this.#commands.usable(), [key], [this.#owner, String(ttlMs)])) === 1;
  }

  /** Ends this instance's claim without an answer (a retry may run the request at once); an answer or another's claim stays. */
  async release(identity: string, correlationId: string): Promise<void> {
    const key = this.#key(identity, correlationId);
    await RELEASE_SCRIPT.run(await this.#commands.usable(), [key], [this.#owner, this.#subscriber.name]);
  }

  async finish(identity: string, correlationId: string, frame: string, ttlMs: number): Promise<void> {
    const key = this.#key(identity, correlationId);
    await FINISH_SCRIPT.run(await this.#commands.usable(), [key], [frame, String(ttlMs), this.#subscriber.name]);
  }

  /**
   * The router's `RequestStore.get`: the terminal frame remembered for this request (by `set` or
   * `finish` on any process), or undefined (unknown, still running, or expired).
   * @throws (rejects) while Redis is unreachable: the router answers the request `ERROR`.
   */
  async get(identity: string, correlationId: string): Promise<string | undefined> {
    const found = (await (await this.#commands.usable()).send("GET", [this.#key(identity, correlationId)])) as
      | string
      | null;
    return found?.startsWith("D") ? found.slice(1) : undefined;
  }

  /** The router's `RequestStore.set`: {@link finish} for `maxAgeMs` (waits on any process wake up). */
  set(identity: string, correlationId: string, frame: string): Promise<void> {
    return this.finish(identity, correlationId, frame, this.maxAgeMs);
  }

  async wait(identity: string, correlationId: string, timeoutMs: number): Promise<string | undefined> {
    const key = this.#key(identity, correlationId);
    let settle: (frame: string | undefined) => void = () => {};
    const answer = new Promise<string | undefined>((resolve) => (settle = resolve));
    let waiters = this.#waiters.get(key);
    if (waiters === undefined) {
      waiters = new Set();
      this.#waiters.set(key, waiters);
    }
    waiters.add(settle);
    const timer = setTimeout(() => settle(undefined), timeoutMs);
    try {
      // Registered first, then read: an answer published in between is not missed.
      const found = (await (await this.#commands.usable()).send("GET", [key])) as string | null;
      if (found === null) settle(undefined);
      else if (found.startsWith("D")) settle(found.slice(1));
      return await answer;
    } finally {
      clearTimeout(timer);
      waiters.delete(settle);
      if (waiters.size === 0 && this.#waiters.get(key) === waiters) this.#waiters.delete(key);
    }
  }

  #answered(message: string): void {
    if (message.startsWith("-")) {
      // A claim released without an answer: waits end empty, so their callers claim it themselves.
      const space = message.indexOf(" ");
      const key = message.slice(space + 1, space + 1 + Number(message.slice(1, space)));
      for (const settle of [...(this.#waiters.get(key) ?? [])]) settle(undefined);
      return;
    }
    const space = message.indexOf(" ");
    const length = Number(message.slice(0, space));
    if (space < 0 || !Number.isInteger(length)) return;
    const key = message.slice(space + 1, space + 1 + length);
    const waiters = this.#waiters.get(key);
    if (waiters === undefined) return;
    const frame = message.slice(space + 1 + length);
    for (const settle of [...waiters]) settle(frame);
  }

  /** Closes both connections; pending waits resolve undefined. */
  close(): void {
    for (const waiters of this.#waiters.values()) for (const settle of [...waiters]) settle(undefined);
    this.#waiters.clear();
    this.#commands.close();
    this.#subscriber.close();
  }
}
