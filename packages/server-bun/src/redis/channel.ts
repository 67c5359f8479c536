/**
 * A Redis pub/sub channel this process stays subscribed to: a {@link RedisLink} that subscribes
 * again after every reconnect (Bun's client does not). Bun keeps calling the listeners of earlier
 * subscribes, so each subscribe gets a generation and only the latest one's listener speaks.
 */
import { RedisLink } from "./link.ts";

/** See the module comment. */
export class RedisChannel {
  readonly name: string;
  /** Resolves at the first successful subscribe. */
  readonly ready: Promise<void>;
  readonly #link: RedisLink;
  #generation = 0;

  /**
   * @param onMessage every message, once
   * @param onResubscribed after each subscribe but the first (messages published meanwhile were missed)
   */
  constructor(url: string, name: string, onMessage: (message: string) => void, onResubscribed?: () => void) {
    this.name = name;
    let subscribed: () => void = () => {};
    this.ready = new Promise((resolve) => (subscribed = resolve));
    this.#link = new RedisLink(url, {
      onConnect: () => {
        const generation = ++this.#generation;
        this.#link.client
          .subscribe(name, (message) => {
            if (generation === this.#generation) onMessage(message);
          })
          .then(() => {
            subscribed();
            if (generation > 1) onResubscribed?.();
          }, noop); // a failed subscribe: the next reconnect tries again
      },
    });
  }

  /** Whether the subscriber connection is up now. */
  get connected(): boolean {
    return this.#link.connected;
  }

  /** Unsubscribes and closes the connection for good. */
  close(): void {
    this.#link.close();
  }
}

function noop(): void {}
