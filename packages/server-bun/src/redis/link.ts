/**
 * One Redis connection on Bun's built-in client that stays up by itself: Bun reconnects with
 * backoff (`autoReconnect`), and after it gives up this class starts over every `retryMs`, for
 * as long as the link is open. Commands fail at once while disconnected (no offline queue), so a
 * caller learns that Redis is unreachable instead of waiting on a queue.
 */
import { RedisClient } from "bun";

/** Options of {@link RedisLink}. */
export interface RedisLinkOptions {
  /** Runs after every successful connect (first and each reconnect). */
  onConnect?: () => void;
  /** Pause before starting over once Bun's own reconnect attempts are exhausted, ms. @default 500 */
  retryMs?: number;
}

/** A supervised Redis connection; see the module comment. */
export class RedisLink {
  readonly client: RedisClient;
  /** Resolves at the first successful connect (never rejects: it keeps trying). */
  readonly ready: Promise<void>;
  #closed = false;
  /** Connected at least once. */
  #started = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #retryMs: number;

  constructor(url: string, options: RedisLinkOptions = {}) {
    this.#retryMs = options.retryMs ?? 500;
    this.client = new RedisClient(url, {
      enableOfflineQueue: false,
      autoReconnect: true,
      connectionTimeout: 2000,
    });
    const onConnect = options.onConnect;
    let connected: () => void = () => {};
    this.ready = new Promise((resolve) => (connected = resolve));
    this.client.onconnect = () => {
      this.#started = true;
      connected();
      onConnect?.();
    };
    // Bun calls onclose only once its own reconnects are exhausted (or on close()).
    this.client.onclose = () => this.#retry();
    this.#connect();
  }

  /**
   * The client, once usable: at once when connected or after the first connect; before the
   * first connect, waits for it (at most `connectionTimeout`, 2 s). Commands on a disconnected
   * client then fail at once.
   */
  async usable(): Promise<RedisClient> {
    if (this.#started || this.client.connected) return this.client;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)));
    await Promise.race([this.ready, late]);
    clearTimeout(timer);
    return this.client;
  }

  /** Whether the connection is up now. */
  get connected(): boolean {
    return this.client.connected;
  }

  #connect(): void {
    if (this.#closed) return;
    this.client.connect().catch(() => this.#retry());
  }

  #retry(): void {
    if (this.#closed || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.client.connected) this.#connect();
    }, this.#retryMs);
    this.#timer.unref?.();
  }

  /** Closes the connection for good. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.client.close();
  }
}
