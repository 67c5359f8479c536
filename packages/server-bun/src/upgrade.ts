/** The WebSocket upgrade: authentication, the `bearer.<token>` subprotocol, and `clientId`. */
import { BEARER_PROTOCOL_PREFIX } from "@typed-ws/client/protocol";

import { AuthenticationTimeoutError } from "./errors.ts";

/**
 * What `authenticate` may return: an object merged into `ws.data`; `undefined` (or `true`) to
 * accept with no extra data; `false` to refuse (see `authFailure`).
 */
// biome-ignore lint/suspicious/noConfusingVoidType: lets `authenticate` be a function that returns nothing
export type AuthResult<AppData> = Partial<AppData> | boolean | undefined | void;

/**
 * Runs at upgrade, before any handler, bounded by `authTimeoutMs`. `false`, a throw or the
 * timeout refuses the connection (see `authFailure`); nothing of it reaches the handlers.
 */
export type Authenticate<AppData> = (request: Request) => AuthResult<AppData> | Promise<AuthResult<AppData>>;

/** The subprotocols a request offers, in order. */
export function offeredProtocols(request: Request): string[] {
  const header = request.headers.get("sec-websocket-protocol");
  if (header === null) return [];
  return header
    .split(",")
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol.length > 0);
}

/** The `bearer.<token>` subprotocol a request offers, if any: the one to echo in the upgrade response. */
export function bearerProtocol(request: Request): string | undefined {
  return offeredProtocols(request).find((protocol) => protocol.startsWith(BEARER_PROTOCOL_PREFIX));
}

/**
 * Reads the access token a client sent, wherever the typed-ws client (or a hand-written one) put
 * it: the `access_token` query parameter, a `bearer.<token>` subprotocol, or an
 * `Authorization: Bearer <token>` header. A helper for `authenticate`.
 */
export function readAccessToken(request: Request, queryParam = "access_token"): string | undefined {
  const fromQuery = new URL(request.url).searchParams.get(queryParam);
  if (fromQuery) return fromQuery;
  const fromProtocol = bearerProtocol(request)?.slice(BEARER_PROTOCOL_PREFIX.length);
  if (fromProtocol) return fromProtocol;
  const header = request.headers.get("authorization");
  const match = header === null ? null : /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1];
}

/** True for a WebSocket upgrade request. */
export function isUpgradeRequest(request: Request): boolean {
  return request.headers.get("upgrade")?.toLowerCase() === "websocket";
}

/** The outcome of authentication: the data to merge, or a rejection. */
export type AuthOutcome<AppData> =
  | { readonly ok: true; readonly data: Partial<AppData> | undefined }
  | { readonly ok: false; readonly error: unknown };

/** Default bound on `authenticate`, in ms. */
export const DEFAULT_AUTH_TIMEOUT_MS = 10_000;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/** The outcome of an `authenticate` result: data, or a refusal (`error` undefined for a plain `false`). */
function readResult<AppData>(result: unknown): AuthOutcome<AppData> {
  if (result === false) return { ok: false, error: undefined };
  if (result === undefined || result === null || result === true) return { ok: true, data: undefined };
  if (typeof result !== "object")
    return { ok: false, error: new TypeError("authenticate() must return an object, undefined or false") };
  return { ok: true, data: result as Partial<AppData> };
}

/**
 * Runs `authenticate` (sync or async), waiting at most `timeoutMs` for an async one. `false`,
 * throws and the timeout become `{ ok: false }`; `error` is what went wrong (undefined for `false`):
 * the thrown value, or an {@link AuthenticationTimeoutError}.
 */
export async function runAuthenticate<AppData>(
  authenticate: Authenticate<AppData> | undefined,
  request: Request,
  timeoutMs = DEFAULT_AUTH_TIMEOUT_MS,
): Promise<AuthOutcome<AppData>> {
  if (authenticate === undefined) return { ok: true, data: undefined };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const result = authenticate(request);
    if (!isThenable(result)) return readResult(result);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AuthenticationTimeoutError(timeoutMs)), timeoutMs);
    });
    return readResult(await Promise.race([result, timeout]));
  } catch (error) {
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}
