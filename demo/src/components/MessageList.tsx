import { useEffect, useRef } from "react";
import type { ChatEntry } from "../chat/use-chat.ts";

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** The session's history of one room, newest at the bottom (kept in view). */
export function MessageList({ entries, me }: { entries: readonly ChatEntry[]; me: string }) {
  const end = useRef<HTMLLIElement>(null);
  const count = entries.length;
  useEffect(() => {
    if (count > 0) end.current?.scrollIntoView({ block: "end" });
  }, [count]);
  if (entries.length === 0) return <p className="muted empty">No messages yet. Say hello!</p>;
  return (
    <ul className="messages" data-testid="messages">
      {entries.map((entry) =>
        entry.kind === "system" ? (
          <li key={entry.id} className="system" data-testid="system-line">
            {entry.username === undefined ? entry.text : `${entry.username} ${entry.text}`}
          </li>
        ) : (
          <li key={entry.id} className={entry.username === me ? "message mine" : "message"} data-testid="message">
            <div className="meta">
              <span className="author">{entry.username}</span>
              <time dateTime={new Date(entry.at).toISOString()}>{time.format(entry.at)}</time>
            </div>
            <div className="text" data-testid="message-text">
              {entry.text}
            </div>
          </li>
        ),
      )}
      <li ref={end} aria-hidden className="end" />
    </ul>
  );
}
