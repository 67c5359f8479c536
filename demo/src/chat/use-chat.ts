import { useMessage, useSend, useWsClient } from "@typed-ws/react";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  DemoErrorCodes,
  JoinRoom,
  LeaveRoom,
  NewMessage,
  SendMessage,
  UserJoined,
  UserLeft,
} from "../../shared/messages.ts";
import { watchTransitions } from "../connection/transitions.ts";
import { useServerError } from "../notices/use-server-error.ts";
import { createDeliveryTracker } from "./delivery.ts";
import { createPresenceFilter } from "./presence.ts";

/** Where one of the user's own messages is: on its way, published to the room, or refused/lost. */
export type DeliveryStatus = "sending" | "sent" | "failed";

/** Why an own message failed, in plain words. */
export interface Failure {
  /** `"rate-limit"`: refused by the server's limit (retry once it ends); `"connection"`: the socket dropped first. */
  readonly kind: "rate-limit" | "connection";
  readonly reason: string;
}

/** One line of the chat history of this session. */
export interface ChatEntry {
  readonly id: number;
  /** The room it belongs to. */
  readonly roomId: string | undefined;
  readonly kind: "message" | "system";
  readonly username: string | undefined;
  readonly text: string;
  /** The sender's timestamp when present, else the time it was sent or arrived. */
  readonly at: number;
  /** Sent by this user (from this tab or another one with the same name). */
  readonly mine: boolean;
  /** Others' messages and system lines are always `"sent"`. */
  readonly status: DeliveryStatus;
  readonly failure: Failure | undefined;
}

/** The server refused messages for going over its rate limit; sending is paused until `until`. */
export interface RateLimit {
  /** When sending may resume (ms since epoch). */
  readonly until: number;
  /** Messages allowed per minute, when the server said. */
  readonly max: number | undefined;
}

/** The chat state and actions of {@link useChat}. */
export interface Chat {
  readonly roomId: string | undefined;
  /** The room's user count from the last `USER_JOINED`/`USER_LEFT`. */
  readonly userCount: number | undefined;
  readonly entries: readonly ChatEntry[];
  /**
   * Set while the server's rate limit pauses sending; cleared when it ends or when the connection
   * drops (the server counts per connection, so a new one starts afresh).
   */
  readonly rateLimit: RateLimit | undefined;
  join(roomId: string): void;
  leave(): void;
  /**
   * Sends a message and shows it at once as `"sending"`; it becomes `"sent"` when the room
   * publishes it back, `"failed"` when the rate limit refuses it or the socket drops first.
   * Returns false (nothing sent) while rate-limited or outside a room.
   * @throws ValidationError when the text breaks the schema (e.g. over 500 characters); nothing is sent.
   */
  sendText(text: string): boolean;
  /** Sends a failed message again (it moves to the end of the room). */
  retry(entryId: number): void;
}

let nextId = 1;
const HISTORY_LIMIT = 500;

type Draft = Omit<ChatEntry, "id" | "roomId" | "mine" | "status" | "failure"> & Partial<ChatEntry>;

/**
 * One user's chat: joins at most one room at a time and keeps the session's history.
 * Own messages are shown at once and tracked to delivery: the server handles a connection's
 * frames in order, so each `SEND_MESSAGE` is answered, in order, by its publication back to this
 * room or by a `RATE_LIMIT` error. Presence lines are kept quiet: reconnects (a "left" followed
 * by a "joined", re-joins right after this client reconnects, its own re-join) add no lines.
 * When the connection drops, a `JOIN_ROOM` is queued first, so after the reconnect the server
 * knows the room again before any message typed meanwhile is flushed.
 */
export function useChat(username: string, options: { initialRoom?: string } = {}): Chat {
  const client = useWsClient();
  const send = useSend();
  const [roomId, setRoomId] = useState<string | undefined>(undefined);
  const [userCount, setUserCount] = useState<number | undefined>(undefined);
  const [entries, setEntries] = useState<readonly ChatEntry[]>([]);
  const [rateLimit, setRateLimit] = useState<RateLimit | undefined>(undefined);

  /** The room the server knows (updated synchronously, unlike state). */
  const room = useRef<string | undefined>(undefined);
  /** Own messages awaiting their publication or refusal. */
  const [delivery] = useState(createDeliveryTracker);
  const [presence] = useState(() => createPresenceFilter());
  const ownJoinPending = useRef(false);
  const limitedUntil = useRef(0);

  const add = useCallback((draft: Draft): number => {
    const id = nextId++;
    const entry: ChatEntry = { roomId: room.current, mine: false, status: "sent", failure: undefined, ...draft, id };
    setEntries((current) => [...current, entry].slice(-HISTORY_LIMIT));
    return id;
  }, []);
  const update = useCallback((id: number, change: Partial<ChatEntry>) => {
    setEntries((current) => current.map((entry) => (entry.id === id ? { ...entry, ...change } : entry)));
  }, []);
  const remove = useCallback((id: number) => {
    setEntries((current) => current.filter((entry) => entry.id !== id));
  }, []);
  const at = (meta: { timestamp?: number | undefined }) => meta.timestamp ?? Date.now();

  useMessage(NewMessage, (msg) => {
    const { text } = msg.payload;
    const confirmed = msg.payload.username === username ? delivery.published(text) : undefined;
    if (confirmed !== undefined) {
      update(confirmed, { status: "sent", at: at(msg.meta) });
      return;
    }
    add({
      kind: "message",
      username: msg.payload.username,
      text,
      at: at(msg.meta),
      mine: msg.payload.username === username,
    });
  });

  useMessage(UserJoined, (msg) => {
    setUserCount(msg.payload.userCount);
    const who = msg.payload.username;
    if (who === username) {
      if (ownJoinPending.current) add({ kind: "system", username: undefined, text: "You joined", at: at(msg.meta) });
      ownJoinPending.current = false;
      return;
    }
    const action = presence.joined(room.current, who);
    if (action.kind === "remove") remove(action.entryId);
    else if (action.kind === "announce") add({ kind: "system", username: who, text: "joined", at: at(msg.meta) });
  });

  useMessage(UserLeft, (msg) => {
    setUserCount(msg.payload.userCount);
    const who = msg.payload.username;
    if (who === username) return;
    const entryId = add({ kind: "system", username: who, text: "left", at: at(msg.meta) });
    presence.left(room.current, who, entryId);
  });

  // The server's rate limit answers the oldest message still on its way.
  useServerError(DemoErrorCodes.RateLimit, (error) => {
    const refused = delivery.refused();
    const until = Date.now() + (error.retryAfterMs ?? 0);
    const max = typeof error.context?.max === "number" ? error.context.max : undefined;
    limitedUntil.current = Math.max(limitedUntil.current, until);
    setRateLimit({ until: limitedUntil.current, max });
    if (refused !== undefined) {
      update(refused, { status: "failed", failure: { kind: "rate-limit", reason: "Not sent: over the rate limit" } });
    }
  });

  // The pause ends by itself at its retry time.
  useEffect(() => {
    if (rateLimit === undefined) return;
    const timer = setTimeout(() => setRateLimit(undefined), Math.max(0, rateLimit.until - Date.now()));
    return () => clearTimeout(timer);
  }, [rateLimit]);

  // A drop: fail what the dropped socket took unconfirmed, forget the rate limit (the server counts
  // per connection) and queue the re-join first, so the room is known before queued messages flush.
  useEffect(
    () =>
      watchTransitions(client, {
        dropped: () => {
          for (const line of presence.dropped()) remove(line);
          for (const lost of delivery.dropped()) {
            update(lost, {
              status: "failed",
              failure: { kind: "connection", reason: "Not confirmed: the connection dropped" },
            });
          }
          limitedUntil.current = 0;
          setRateLimit(undefined);
          if (room.current !== undefined) send(JoinRoom, { roomId: room.current, username });
        },
        reopened: () => {
          presence.reopened();
          delivery.reopened();
        },
      }),
    [client, send, update, remove, username, delivery, presence],
  );

  const join = useCallback(
    (next: string) => {
      if (next === room.current) return;
      if (room.current !== undefined) send(LeaveRoom, { roomId: room.current });
      ownJoinPending.current = true;
      send(JoinRoom, { roomId: next, username });
      room.current = next;
      setRoomId(next);
      setUserCount(undefined);
    },
    [send, username],
  );

  const initialRoom = options.initialRoom;
  useEffect(() => {
    if (initialRoom !== undefined && room.current === undefined) join(initialRoom);
  }, [initialRoom, join]);

  const leave = useCallback(() => {
    if (room.current === undefined) return;
    send(LeaveRoom, { roomId: room.current });
    room.current = undefined;
    setRoomId(undefined);
    setUserCount(undefined);
  }, [send]);

  const sendText = useCallback(
    (text: string): boolean => {
      const target = room.current;
      if (target === undefined || Date.now() < limitedUntil.current) return false;
      const onSocket = client.state.status === "open";
      send(SendMessage, { roomId: target, text });
      const id = add({ kind: "message", username, text, at: Date.now(), mine: true, status: "sending" });
      delivery.sent(id, text, onSocket);
      return true;
    },
    [client, send, add, username, delivery],
  );

  const retry = useCallback(
    (entryId: number) => {
      const entry = entries.find((candidate) => candidate.id === entryId);
      if (entry === undefined || entry.status !== "failed") return;
      if (sendText(entry.text)) remove(entryId);
    },
    [entries, sendText, remove],
  );

  return { roomId, userCount, entries, rateLimit, join, leave, sendText, retry };
}
