import { useMessage, useSend, useWsClient } from "@typed-ws/react";
import { useCallback, useEffect, useState } from "react";
import { JoinRoom, LeaveRoom, NewMessage, SendMessage, UserJoined, UserLeft, Welcome } from "../../shared/messages.ts";

/** One line of the chat history of this session. */
export interface ChatEntry {
  readonly id: number;
  /** The room it arrived in (`undefined` for server notices outside rooms). */
  readonly roomId: string | undefined;
  readonly kind: "message" | "system";
  readonly username: string | undefined;
  readonly text: string;
  /** The sender's timestamp when present, else the arrival time. */
  readonly at: number;
}

/** The chat state and actions of {@link useChat}. */
export interface Chat {
  readonly roomId: string | undefined;
  /** The room's user count from the last `USER_JOINED`/`USER_LEFT`. */
  readonly userCount: number | undefined;
  readonly entries: readonly ChatEntry[];
  join(roomId: string): void;
  leave(): void;
  /** @throws ValidationError when the text breaks the schema (e.g. over 500 characters). */
  sendText(text: string): void;
}

let nextId = 1;
const HISTORY_LIMIT = 500;

/**
 * One user's chat: joins at most one room at a time and keeps the session's history.
 * Events carry no room id, so each is filed under the room joined when it arrives.
 * When the connection drops, a `JOIN_ROOM` is queued first, so after the reconnect the server
 * knows the room again before any message typed meanwhile is flushed.
 */
export function useChat(username: string): Chat {
  const client = useWsClient();
  const send = useSend();
  const [roomId, setRoomId] = useState<string | undefined>(undefined);
  const [userCount, setUserCount] = useState<number | undefined>(undefined);
  const [entries, setEntries] = useState<readonly ChatEntry[]>([]);

  const add = (entry: Omit<ChatEntry, "id" | "roomId">) =>
    setEntries((current) => [...current, { ...entry, id: nextId++, roomId }].slice(-HISTORY_LIMIT));
  const at = (meta: { timestamp?: number | undefined }) => meta.timestamp ?? Date.now();

  useMessage(Welcome, (msg) => {
    add({ kind: "system", username: undefined, text: msg.payload.message, at: at(msg.meta) });
  });
  useMessage(NewMessage, (msg) => {
    add({ kind: "message", username: msg.payload.username, text: msg.payload.text, at: at(msg.meta) });
  });
  useMessage(UserJoined, (msg) => {
    setUserCount(msg.payload.userCount);
    add({ kind: "system", username: msg.payload.username, text: "joined", at: at(msg.meta) });
  });
  useMessage(UserLeft, (msg) => {
    setUserCount(msg.payload.userCount);
    add({ kind: "system", username: msg.payload.username, text: "left", at: at(msg.meta) });
  });

  useEffect(() => {
    if (roomId === undefined) return;
    let previous = client.state.status;
    return client.onState((state) => {
      const dropped = previous === "open" && state.status !== "open" && state.status !== "closed";
      // Update first: the send below changes the queue count, which emits a state synchronously.
      previous = state.status;
      if (dropped) send(JoinRoom, { roomId, username });
    });
  }, [client, send, roomId, username]);

  const join = useCallback(
    (next: string) => {
      if (next === roomId) return;
      if (roomId !== undefined) send(LeaveRoom, { roomId });
      send(JoinRoom, { roomId: next, username });
      setRoomId(next);
      setUserCount(undefined);
    },
    [send, roomId, username],
  );

  const leave = useCallback(() => {
    if (roomId === undefined) return;
    send(LeaveRoom, { roomId });
    setRoomId(undefined);
    setUserCount(undefined);
  }, [send, roomId]);

  const sendText = useCallback(
    (text: string) => {
      if (roomId !== undefined) send(SendMessage, { roomId, text });
    },
    [send, roomId],
  );

  return { roomId, userCount, entries, join, leave, sendText };
}
