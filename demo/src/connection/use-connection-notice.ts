import { useConnectionState, useWsClient } from "@typed-ws/react";
import { useEffect, useState } from "react";
import { secondsUntil, useNow } from "../hooks/use-now.ts";
import { watchTransitions } from "./transitions.ts";

/** How long "Reconnected" stays on screen. */
const RECONNECTED_MS = 6000;

/** The one line the app shows about the connection, when there is something to say. */
export interface ConnectionNotice {
  readonly tone: "ok" | "warn" | "bad";
  /** The sentence, e.g. "Connection lost — reconnecting" (stable, for live regions). */
  readonly text: string;
  /** A countdown to show after it, e.g. "in 3 s" (changes every second: keep it out of live regions). */
  readonly countdown: string | undefined;
  /** What happens to what the user sends meanwhile, when it matters. */
  readonly hint: string | undefined;
}

/** Options of {@link useConnectionNotice}. */
export interface ConnectionNoticeOptions {
  /** Own messages waiting for the connection (shown while it is down). */
  waiting?: number;
  /** Messages recovered after the last reconnect (e.g. missed publications of a topic). */
  recovered?: number;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * Says, in one quiet line, what the connection is doing when it is not simply connected:
 * "Connection lost — reconnecting in 3 s" (or "The server is restarting — …" for a 1012 close)
 * with what happens to messages meanwhile, "Reconnected" for a few seconds after it is back
 * ("Reconnected — 3 missed messages recovered" when `recovered` says so), "Offline" when the
 * client gave up. `undefined` while connected and nothing happened lately, and before the
 * first connection (the header badge says "Connecting…").
 */
export function useConnectionNotice(options: ConnectionNoticeOptions = {}): ConnectionNotice | undefined {
  const client = useWsClient();
  const state = useConnectionState();
  const [reconnectedAt, setReconnectedAt] = useState<number | undefined>(undefined);
  const [everOpen, setEverOpen] = useState(state.status === "open");
  const now = useNow(state.status === "reconnecting", 500);

  useEffect(() => {
    if (state.status === "open") setEverOpen(true);
  }, [state.status]);
  useEffect(
    () =>
      watchTransitions(client, {
        dropped: () => setReconnectedAt(undefined),
        reopened: () => setReconnectedAt(Date.now()),
      }),
    [client],
  );
  useEffect(() => {
    if (reconnectedAt === undefined) return;
    const timer = setTimeout(() => setReconnectedAt(undefined), RECONNECTED_MS);
    return () => clearTimeout(timer);
  }, [reconnectedAt]);

  const waiting = options.waiting ?? 0;
  const hint =
    waiting > 0
      ? `${plural(waiting, "message")} will be sent when it is back.`
      : "Messages you send now are sent when it is back.";

  switch (state.status) {
    case "open": {
      if (reconnectedAt === undefined) return undefined;
      const recovered = options.recovered ?? 0;
      const text = recovered > 0 ? `Reconnected — ${plural(recovered, "missed message")} recovered` : "Reconnected";
      return { tone: "ok", text, countdown: undefined, hint: undefined };
    }
    case "reconnecting": {
      const cause = state.lastClose?.code === 1012 ? "The server is restarting" : "Connection lost";
      const seconds = secondsUntil(state.nextRetryAt ?? now, now);
      return {
        tone: "warn",
        text: `${cause} — reconnecting`,
        countdown: seconds > 0 ? `in ${seconds} s` : undefined,
        hint,
      };
    }
    case "connecting":
      return everOpen ? { tone: "warn", text: "Reconnecting", countdown: undefined, hint } : undefined;
    case "closed":
      return { tone: "bad", text: "Offline — reload the page to connect again", countdown: undefined, hint: undefined };
    default:
      return undefined;
  }
}
