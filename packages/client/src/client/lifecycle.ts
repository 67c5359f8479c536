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
export const browserLifecycle: LifecycleSource = {
  subscribe(wake) {
    const { document: doc, window: win } = globalThis as {
      document?: Partial<EventTargetLike> & { visibilityState?: string };
      window?: Partial<EventTargetLike>;
    };
    const onVisibility = () => {
      if (doc?.visibilityState === "visible") wake();
    };
    doc?.addEventListener?.("visibilitychange", onVisibility);
    win?.addEventListener?.("online", wake);
    return () => {
      doc?.removeEventListener?.("visibilitychange", onVisibility);
      win?.removeEventListener?.("online", wake);
    };
  },
};
