import type { InferTopicMessage } from "@typed-ws/client";
import { ServerError, TimeoutError, ValidationError } from "@typed-ws/client";
import { normalizeIssues } from "@typed-ws/client/protocol";
import type { PublicationInfo } from "@typed-ws/client/topics";
import { useMessage, useSend, useWsClient } from "@typed-ws/react";
import { useSubscription } from "@typed-ws/react/topics";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { DemoErrorCodes, JoinRoom, LeaveRoom, PostMessage, UserJoined, UserLeft } from "../../shared/messages.ts";
import { RoomTopic } from "../../shared/topics.ts";
import { watchTransitions } from "../connection/transitions.ts";
import { describeError } from "../errors/describe.ts";
import { clockTime } from "../format/time.ts";
import { createEchoFilter } from "./delivery.ts";
import { createPresenceFilter } from "./presence.ts";

/** Where one of the user's own messages is: on its way, published to the room, or refused/lost. */
export type DeliveryStatus = "sending" | "sent" | "failed";

/** Why an own message failed, in plain words. */
export interface Failure {
  /**
   * `"rate-limit"`: refused by the server's limit (retry at `retryAt`); `"connection"`: no answer
   * within the request's timeout (the server may have been unreachable all along); `"error"`: any
   * other refusal.
   */
  readonly kind: "rate-limit" | "connection" | "error";
  readonly reason: string;
  /** When the rate limit lets it through again (ms since epoch). */
  readonly retryAt?: number;
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
  /** Messages of the room published while this client was away and recovered after the last reconnect. */
  readonly recovered: number;
  readonly entries: readonly ChatEntry[];
  /**
   * Set while the server's rate limit pauses sending; cleared when it ends or when the connection
   * drops (the server counts per connection, so a new one starts afresh).
   */
  readonly rateLimit: RateLimit | undefined;
  join(roomId: string): void;
  leave(): void;
  /**
   * Posts a message (`POST_MESSAGE`, retryable) and shows it at once as `"sending"`; it becomes
   * `"sent"` when the server answers `MESSAGE_POSTED`, `"failed"` when it refuses it (the rate
   * limit: with its retry time) or no answer comes within the timeout. A dropped connection
   * does not fail it: the client sends it again after the reconnect and the server posts it once.
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
 * The room's messages come from its topic (`useSubscription(RoomTopic({ roomId }))`): the client
 * restores the subscription after every reconnect, before anything queued is flushed, and the
 * server replays what was published meanwhile, so each message arrives once, in order.
 * `JOIN_ROOM` is only presence (user counts, joined/left lines): it is sent when joining and
 * again each time the room's subscription is restored on a new connection.
 * Own messages are shown at once and tracked to delivery by their `POST_MESSAGE` request
 * (retryable: re-sent after each reconnect, posted once): its answer or error is the message's
 * fate, and the room's copy of it is not shown twice. Presence lines
 * are kept quiet: reconnects (a "left" followed by a "joined", re-joins right after this client
 * reconnects, its own re-join) add no lines.
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
  /** Own messages whose publication to the room has not arrived yet. */
  const [echoes] = useState(createEchoFilter);
  const [presence] = useState(() => createPresenceFilter());
  const ownJoinPending = useRef(false);
  const [recovered, setRecovered] = useState(0);
  /** Set while open again after a drop: replayed messages then count as recovered. */
  const reopenedAt = useRef<number | undefined>(undefined);
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

  /** Presence must be announced again on the next restore (the server forgot this connection). */
  const rejoin = useRef(false);

  const onRoomMessage = (msg: InferTopicMessage<typeof RoomTopic>, info: PublicationInfo) => {
    // A late publication of the room just left (its unsubscribe follows the render) is not this room's.
    if (room.current === undefined || info.topic !== RoomTopic({ roomId: room.current }).name) return;
    if (info.replayed && reopenedAt.current !== undefined) setRecovered((count) => count + 1);
    const { text } = msg.payload;
    const own = msg.payload.username === username ? echoes.take(text) : undefined;
    if (own !== undefined) {
      update(own, { at: at(msg.meta) }); // its request says whether it was posted
      return;
    }
    add({
      kind: "message",
      username: msg.payload.username,
      text,
      at: at(msg.meta),
      mine: msg.payload.username === username,
    });
  };

  // Restored on a new connection: announce presence again (the server forgot the old one).
  const onRoomSubscribed = () => {
    if (rejoin.current && room.current !== undefined) {
      rejoin.current = false;
      send(JoinRoom, { roomId: room.current, username });
    }
  };

  const roomRef = useMemo(() => (roomId === undefined ? undefined : RoomTopic({ roomId })), [roomId]);
  useSubscription(roomRef, {
    onMessage: onRoomMessage,
    onSubscribed: onRoomSubscribed,
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

  /** An own message's request failed: why, in plain words; the rate limit also pauses sending. */
  const failed = useCallback(
    (id: number, error: unknown) => {
      echoes.forget(id);
      if (error instanceof ServerError && error.code === DemoErrorCodes.RateLimit) {
        const until = Date.now() + (error.retryAfterMs ?? 0);
        const max = typeof error.context?.max === "number" ? error.context.max : undefined;
        limitedUntil.current = Math.max(limitedUntil.current, until);
        setRateLimit({ until: limitedUntil.current, max });
        const reason = `Not sent: over the rate limit. Retry at ${clockTime.format(until)}`;
        update(id, { status: "failed", failure: { kind: "rate-limit", reason, retryAt: until } });
      } else if (error instanceof TimeoutError) {
        const reason = "Not confirmed: no answer in time";
        update(id, { status: "failed", failure: { kind: "connection", reason } });
      } else {
        update(id, { status: "failed", failure: { kind: "error", reason: `Not sent: ${describeError(error).text}` } });
      }
    },
    [echoes, update],
  );

  // The pause ends by itself at its retry time.
  useEffect(() => {
    if (rateLimit === undefined) return;
    const timer = setTimeout(() => setRateLimit(undefined), Math.max(0, rateLimit.until - Date.now()));
    return () => clearTimeout(timer);
  }, [rateLimit]);

  // A drop: forget the rate limit (the server counts per connection); the server forgot this
  // connection's presence, so it is announced again once the room is restored. Messages on their
  // way are not failed: their requests are re-sent after the reconnect and posted once.
  useEffect(
    () =>
      watchTransitions(client, {
        dropped: () => {
          for (const line of presence.dropped()) remove(line);
          limitedUntil.current = 0;
          setRateLimit(undefined);
          rejoin.current = true;
          reopenedAt.current = undefined;
          setRecovered(0);
        },
        reopened: () => {
          presence.reopened();
          reopenedAt.current = Date.now();
        },
      }),
    [client, remove, presence],
  );

  const join = useCallback(
    (next: string) => {
      if (next === room.current) return;
      if (room.current !== undefined) send(LeaveRoom, { roomId: room.current });
      ownJoinPending.current = true;
      send(JoinRoom, { roomId: next, username });
      rejoin.current = false;
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
      const payload = { roomId: target, text };
      // Checked here, synchronously, so the composer keeps the text and says why (the request
      // itself would only reject later).
      const checked = PostMessage["~standard"].validate({ type: "POST_MESSAGE", meta: {}, payload });
      if (!(checked instanceof Promise) && checked.issues) {
        throw new ValidationError("POST_MESSAGE", "outbound", normalizeIssues(checked.issues));
      }
      const id = add({ kind: "message", username, text, at: Date.now(), mine: true, status: "sending" });
      echoes.expect(id, text);
      client.request(PostMessage, payload).then(
        () => update(id, { status: "sent", failure: undefined }),
        (error: unknown) => failed(id, error),
      );
      return true;
    },
    [client, add, update, failed, username, echoes],
  );

  const retry = useCallback(
    (entryId: number) => {
      const entry = entries.find((candidate) => candidate.id === entryId);
      if (entry === undefined || entry.status !== "failed") return;
      if (sendText(entry.text)) remove(entryId);
    },
    [entries, sendText, remove],
  );

  return { roomId, userCount, recovered, entries, rateLimit, join, leave, sendText, retry };
}
