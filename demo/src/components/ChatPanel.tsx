import { useConnectionState } from "@typed-ws/react";
import { useEffect, useRef } from "react";
import { findRoom } from "../../shared/rooms.ts";
import type { Chat } from "../chat/use-chat.ts";
import { Composer } from "./Composer.tsx";
import { ConnectionLine } from "./ConnectionLine.tsx";
import { MessageList } from "./MessageList.tsx";

/**
 * The current room: title, live user count, the session's messages, the connection line and
 * the composer. Its height is fixed, so lines that come and go never move the page. Joining a
 * room puts the focus in the composer.
 */
export function ChatPanel({ chat }: { chat: Chat }) {
  const room = chat.roomId === undefined ? undefined : findRoom(chat.roomId);
  const entries = chat.entries.filter((entry) => entry.roomId === chat.roomId);
  const online = useConnectionState().status === "open";
  const waiting = entries.filter((entry) => entry.mine && entry.status === "sending").length;
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (chat.roomId !== undefined) input.current?.focus();
  }, [chat.roomId]);

  return (
    <section className="card chat" aria-labelledby="chat-title">
      <header className="chat-head">
        <h2 id="chat-title">{room === undefined ? "No room joined" : `# ${room.name}`}</h2>
        {chat.userCount === undefined ? null : (
          // While offline the count is the last one known: shown greyed.
          <span className={online ? "pill" : "pill stale"} data-testid="user-count">
            {chat.userCount} online
          </span>
        )}
      </header>
      {room === undefined ? (
        <p className="empty muted">Join a room to start chatting.</p>
      ) : (
        <MessageList
          entries={entries}
          label={`Messages in # ${room.name}`}
          online={online}
          retryBlocked={chat.rateLimit !== undefined}
          onRetry={chat.retry}
        />
      )}
      <ConnectionLine waiting={online ? 0 : waiting} recovered={chat.recovered} />
      <Composer
        inputRef={input}
        onSend={chat.sendText}
        disabled={room === undefined}
        rateLimit={chat.rateLimit}
        placeholder={room === undefined ? "Join a room to chat" : `Message # ${room.name}`}
      />
    </section>
  );
}
