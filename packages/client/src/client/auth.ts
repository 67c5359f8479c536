import { BEARER_PROTOCOL_PREFIX } from "../protocol.ts";
import type { ResolvedOptions } from "./options.ts";
import type { AuthOptions } from "./types.ts";

/**
 * Where a connect attempt goes — the URL and the subprotocols to offer — with the token
 * attached (PROTOCOL.md, "Connection and authentication"): as the query parameter (default
 * `access_token`) or as a `bearer.<token>` subprotocol after the app's own. An empty or missing
 * token, or no auth, leaves the options' URL and subprotocols as they are.
 */
export function connectTarget(options: ResolvedOptions, token: string | undefined | null): [string, string[]] {
  const { url, protocols, auth } = options;
  if (!token || !auth) return [url, protocols];
  if (auth.attach === "protocol") return [url, [...protocols, BEARER_PROTOCOL_PREFIX + token]];
  const withToken = new URL(url);
  withToken.searchParams.set(auth.queryParam ?? "access_token", token);
  return [withToken.href, protocols];
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
  if (!auth) use(undefined);
  else
    Promise.resolve()
      .then(() => auth.getToken())
      .then(use, fail);
}
