import { useEffect, useLayoutEffect, useRef } from "react";
import type { ChatEntry } from "../chat/use-chat.ts";
import { MessageItem } from "./MessageItem.tsx";

/** How close to the bottom (px) still counts as "reading the newest": new entries keep it in view. */
const STICKY_PX = 80;
/** Messages of one author this close together form a group: only the first shows name and time. */
const GROUP_MS = 5 * 60_000;

/** Whether `entry` continues the group of the entry before it (same author, shortly after). */
function continues(entry: ChatEntry, previous: ChatEntry | undefined): boolean {
  return (
    previous !== undefined &&
    previous.kind === "message" &&
    entry.kind === "message" &&
    previous.mine === entry.mine &&
    previous.username === entry.username &&
    entry.at - previous.at < GROUP_MS
  );
}

/**
 * The session's history of one room, newest at the bottom. A keyboard-reachable scrolling log
 * (`role="log"`, so new messages are announced); it follows new entries unless the reader has
 * scrolled up, and scrolls only itself, never the page.
 */
export function MessageList(props: {
  entries: readonly ChatEntry[];
  label: string;
  online: boolean;
  retryBlocked: boolean;
  onRetry: (entryId: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const count = props.entries.length;
  // New entries, a status line under a message, or a smaller box (a line above the composer
  // appeared): keep the newest in view while the reader is at the bottom.
  useLayoutEffect(() => {
    const element = box.current;
    if (element !== null && props.entries.length > 0 && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [props.entries]);
  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <div
      ref={box}
      className="messages"
      role="log"
      aria-label={props.label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
      tabIndex={0}
      data-testid="messages"
      onScroll={(event) => {
        const element = event.currentTarget;
        atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICKY_PX;
      }}
    >
      {count === 0 ? (
        <p className="empty">No messages yet. Say hello!</p>
      ) : (
        <ul>
          {props.entries.map((entry, index) =>
            entry.kind === "system" ? (
              <li key={entry.id} className="system" data-testid="system-line">
                {entry.username === undefined ? entry.text : `${entry.username} ${entry.text}`}
              </li>
            ) : (
              <MessageItem
                key={entry.id}
                entry={entry}
                continued={continues(entry, props.entries[index - 1])}
                online={props.online}
                retryBlocked={props.retryBlocked}
                onRetry={props.onRetry}
              />
            ),
          )}
        </ul>
      )}
    </div>
  );
}
