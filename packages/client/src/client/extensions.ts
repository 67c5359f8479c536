import type { ConnectionClosedError } from "../errors.ts";
import type { Envelope } from "../protocol.ts";
import type { HandlerRegistry } from "./handlers.ts";
import type { OutboundEntry } from "./queue.ts";
import type { ClientErrorEvent, WsClient } from "./types.ts";

/**
 * The client's private extension seam: how an opt-in entry (`@typed-ws/client/topics`) plugs
 * into a client without the core importing it, so apps that do not import the entry do not
 * bundle it. Not public API: the key is a registered symbol so that a second copy of this module
 * (two bundler chunks) still finds the client's seam.
 */
export const EXTENSIONS: unique symbol = Symbol.for("typed-ws.extensions") as never;

/** What the core lends an extension. */
export interface ExtensionCore {
  /** Sends a frame if open; returns false (nothing sent, nothing queued) otherwise. */
  readonly send: (entry: OutboundEntry) => boolean;
  /** Connects an `idle` client when its `autoConnect` option is on (as a first `send` does). */
  readonly autoConnect: () => void;
  /** The client's correlation ids (shared with requests). */
  readonly newCorrelationId: () => string;
  /** The `on()` handlers, for frames the extension also delivers to them. */
  readonly handlers: HandlerRegistry;
  readonly reportError: (event: ClientErrorEvent) => void;
}

/** The hooks an extension gives the core; each is optional. */
export interface ClientExtension {
  /** A socket opened: runs first in the open sequence, before requests are re-sent and the queue flushes. */
  opened?(): void;
  /** The socket dropped (`final`: the client stopped for good); runs after pending requests were told. */
  lost?(error: ConnectionClosedError, final: boolean): void;
  /** An inbound frame, offered before requests and handlers; returns whether it took the frame. */
  handle?(envelope: Envelope): boolean;
}

/** The seam on a client: attaches `make(core)` once per `key` and returns what that made. */
export type Attach = <E extends ClientExtension>(key: object, make: (core: ExtensionCore) => E) => E;

/**
 * The extension `key` of `client`, made with `make` on first use.
 * @throws TypeError when `client` was not made by `wsClient()` (a fake without the seam).
 */
export function extend<E extends ClientExtension>(client: WsClient, key: object, make: (core: ExtensionCore) => E): E {
  const attach = (client as { [EXTENSIONS]?: Attach } | undefined)?.[EXTENSIONS];
  if (typeof attach !== "function") {
    throw new TypeError(
      "typed-ws: expected a client made by wsClient(): pass the client it returned (a hand-made or fake client has no topic support)",
    );
  }
  return attach(key, make);
}
