import { ServerError, TypedWsError } from "@typed-ws/client";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";

/** A typed error shown to the user. */
export interface Notice {
  readonly id: number;
  /** The error class, e.g. `ServerError`, `ValidationError`. */
  readonly name: string;
  /** Its code, e.g. `RATE_LIMIT`, `VALIDATION_FAILED`. */
  readonly code: string;
  readonly message: string;
  /** When the server said a retry is allowed (ms since epoch). */
  readonly retryAt: number | undefined;
}

interface NoticesValue {
  readonly notices: readonly Notice[];
  /** Shows a typed error (keeps the newest 4). */
  report(error: unknown): void;
  dismiss(id: number): void;
}

const NoticesContext = createContext<NoticesValue | null>(null);
let nextId = 1;

/** Turns any error into a {@link Notice}; typed-ws errors keep their class name and code. */
export function toNotice(error: unknown, now = Date.now()): Notice {
  const retryAfterMs = error instanceof ServerError ? error.retryAfterMs : undefined;
  return {
    id: nextId++,
    name: error instanceof Error ? error.name : "Error",
    code: error instanceof TypedWsError ? error.code : "UNKNOWN",
    message: error instanceof Error ? error.message : String(error),
    retryAt: retryAfterMs === undefined ? undefined : now + retryAfterMs,
  };
}

/** Holds the typed errors the app shows. */
export function NoticesProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const report = useCallback((error: unknown) => {
    setNotices((current) => [...current, toNotice(error)].slice(-4));
  }, []);
  const dismiss = useCallback((id: number) => {
    setNotices((current) => current.filter((notice) => notice.id !== id));
  }, []);
  const value = useMemo(() => ({ notices, report, dismiss }), [notices, report, dismiss]);
  return <NoticesContext.Provider value={value}>{children}</NoticesContext.Provider>;
}

/** The notices and the functions to add and remove them. */
export function useNotices(): NoticesValue {
  const value = useContext(NoticesContext);
  if (value === null) throw new Error("useNotices needs a <NoticesProvider>");
  return value;
}
