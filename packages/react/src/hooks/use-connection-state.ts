"use client";
import type { ConnectionState } from "@typed-ws/client";
import { useWsClient } from "../context.ts";
import { useMemo, useSyncExternalStore } from "../deps.ts";
import { createConnectionObserver } from "../observers/connection-observer.ts";

/**
 * The provider client's connection state — `{ status, attempt, nextRetryAt, lastClose, queued }` —
 * re-rendering on each change. With `select`, re-renders only when the selected value changes
 * (`Object.is`), e.g. `useConnectionState((s) => s.status)`.
 *
 * During server rendering and hydration it reports `status: "idle"` without touching the client.
 */
export function useConnectionState(): ConnectionState;
export function useConnectionState<T>(select: (state: ConnectionState) => T): T;
export function useConnectionState<T>(select?: (state: ConnectionState) => T): T | ConnectionState {
  const client = useWsClient();
  // Side-effect free and cheap, so memoizing per client is enough (no subscription lives in it).
  const observer = useMemo(() => createConnectionObserver(client), [client]);
  // The snapshot functions may change every render (an inline `select`); the observer's cache keeps
  // the snapshot stable within one state.
  return useSyncExternalStore(
    observer.subscribe,
    () => observer.getSnapshot(select),
    () => observer.getServerSnapshot(select),
  );
}
