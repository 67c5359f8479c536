import { findRoom } from "../../shared/rooms.ts";
import type { Chat } from "../chat/use-chat.ts";
import { Composer } from "./Composer.tsx";
import { MessageList } from "./MessageList.tsx";

/** The current room: title, live user count, the session's messages and the composer. */
export function ChatPanel({ chat, me }: { chat: Chat; me: string }) {
  const room = chat.roomId === undefined ? undefined : findRoom(chat.roomId);
  const entries = chat.entries.filter((entry) => entry.roomId === chat.roomId);
  return (
    <section className="card chat" aria-label="Chat">
      <header className="chat-head">
        <h2>{room === undefined ? "No room joined" : `# ${room.name}`}</h2>
        {chat.userCount === undefined ? null : (
          <span className="pill" data-testid="user-count">
            {chat.userCount} online
          </span>
        )}
      </header>
      {room === undefined ? (
        <p className="muted empty">Join a room on the left to start chatting.</p>
      ) : (
        <MessageList entries={entries} me={me} />
      )}
      <Composer onSend={chat.sendText} disabled={room === undefined} />
    </section>
  );
}
