import type { AuthOptions } from "./types.ts";

/** Where a connection goes: the URL and the subprotocols to offer. */
export interface ConnectTarget {
  readonly url: string;
  readonly protocols: string[];
}

/** The subprotocol prefix that carries a token (`bearer.<token>`). */
export const BEARER_PROTOCOL_PREFIX = "bearer.";

/**
 * Adds a token to a connect target (PROTOCOL.md, "Connection and authentication"): as the query
 * parameter (default `access_token`) or as a `bearer.<token>` subprotocol after the app's own.
 * An empty or missing token leaves the target as it is.
 */
export function attachToken(target: ConnectTarget, auth: AuthOptions, token: string | undefined | null): ConnectTarget {
  if (!token) return target;
  if (auth.attach === "protocol") {
    return { url: target.url, protocols: [...target.protocols, `${BEARER_PROTOCOL_PREFIX}${token}`] };
  }
  const url = new URL(target.url);
  url.searchParams.set(auth.queryParam ?? "access_token", token);
  return { url: url.toString(), protocols: target.protocols };
}

/**
 * Calls `use` with a fresh token from `auth.getToken()` (awaited, after a microtask), or at once
 * with `undefined` when there is no auth; a throwing or rejecting `getToken` goes to `fail`.
 */
export function withToken(
  auth: AuthOptions | undefined,
  use: (token: string | undefined | null) => void,
  fail: (error: unknown) => void,
): void {
  if (auth === undefined) use(undefined);
  else
    Promise.resolve()
      .then(() => auth.getToken())
      .then(use, fail);
}
