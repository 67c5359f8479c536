import type { LifecycleSource } from "./types.ts";

interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/**
 * The browser's page signals: `visibilitychange` to visible on `document`, and `online` on
 * `window`. Globals are read when `subscribe` runs (at connect), never at import, so this is
 * SSR-safe; where they are missing (Node, Bun) it subscribes to nothing.
 */
export function browserLifecycle(): LifecycleSource {
  return {
    subscribe(wake) {
      const scope = globalThis as { document?: EventTargetLike & { visibilityState?: string }; window?: unknown };
      const doc = typeof scope.document?.addEventListener === "function" ? scope.document : undefined;
      const win = scope.window as EventTargetLike | undefined;
      const onWindow = typeof win?.addEventListener === "function" ? win : undefined;
      const onVisibility = () => {
        if (doc?.visibilityState === "visible") wake();
      };
      const onOnline = () => wake();
      doc?.addEventListener("visibilitychange", onVisibility);
      onWindow?.addEventListener("online", onOnline);
      return () => {
        doc?.removeEventListener("visibilitychange", onVisibility);
        onWindow?.removeEventListener("online", onOnline);
      };
    },
  };
}
