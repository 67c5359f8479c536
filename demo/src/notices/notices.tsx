import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { describeError, type ErrorText } from "../errors/describe.ts";

/** An error shown to the user, in plain words with its typed error as detail. */
export interface Notice extends ErrorText {
  readonly id: number;
}

interface NoticesValue {
  /** The one notice on screen, if any: a newer one replaces it, so they never stack. */
  readonly notice: Notice | undefined;
  /** Shows an error (replacing the current notice). */
  report(error: unknown): void;
  /** Removes the notice (or only the one with this id). */
  dismiss(id?: number): void;
}

const NoticesContext = createContext<NoticesValue | null>(null);
let nextId = 1;

/** Turns any error into a {@link Notice}. */
export function toNotice(error: unknown): Notice {
  return { id: nextId++, ...describeError(error) };
}

/** Holds the error notice the app shows. */
export function NoticesProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const report = useCallback((error: unknown) => setNotice(toNotice(error)), []);
  const dismiss = useCallback((id?: number) => {
    setNotice((current) => (id === undefined || current?.id === id ? undefined : current));
  }, []);
  const value = useMemo(() => ({ notice, report, dismiss }), [notice, report, dismiss]);
  return <NoticesContext.Provider value={value}>{children}</NoticesContext.Provider>;
}

/** The notice and the functions to show and remove it. */
export function useNotices(): NoticesValue {
  const value = useContext(NoticesContext);
  if (value === null) throw new Error("useNotices needs a <NoticesProvider>");
  return value;
}
