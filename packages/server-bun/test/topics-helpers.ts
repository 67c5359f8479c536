/** Shared pieces of the topic tests: schemas, topics, and a raw client speaking `$ws:subscribe`. */
import { expect } from "bun:test";
import { message, topic, z } from "../src/zod.ts";
import type { Frame, RawClient } from "./raw-client.ts";

export const NewMessage = message("NEW_MESSAGE", { text: z.string() });
export const UserJoined = message("USER_JOINED", { userId: z.string() });
export const Announcement = message("ANNOUNCEMENT", { text: z.string() });
export const Room = topic("room:{roomId}", [NewMessage, UserJoined]);
export const Lobby = topic("lobby", [Announcement]);

let ids = 0;

/** Sends `$ws:subscribe` and resolves with the answer (the next frame). */
export function subscribe(
  client: RawClient,
  name: string,
  since?: { epoch: string; offset: number },
): Promise<Frame & { payload: { topic: string; epoch: string; offset: number; recovered?: boolean } }> {
  const correlationId = `s${++ids}`;
  client.send({
    type: "$ws:subscribe",
    meta: { correlationId },
    payload: since ? { topic: name, since } : { topic: name },
  });
  return client.next().then((frame) => {
    expect(frame.meta.correlationId).toBe(correlationId);
    return frame as never;
  });
}

/** Sends a frame and resolves with the answer, checking it carries the correlation id. */
export async function ask(client: RawClient, type: string, payload: unknown): Promise<Frame> {
  const correlationId = `a${++ids}`;
  const frame = await client.roundTrip({ type, meta: { correlationId }, payload });
  expect(frame.meta.correlationId).toBe(correlationId);
  return frame;
}

/** Resolves with the next `count` frames. */
export async function nextFrames(client: RawClient, count: number): Promise<Frame[]> {
  const frames: Frame[] = [];
  for (let i = 0; i < count; i++) frames.push(await client.next());
  return frames;
}

/** Proves nothing else is queued for the client: a heartbeat's ack is the very next frame. */
export async function expectNothingElse(client: RawClient): Promise<void> {
  const frame = await client.roundTrip({ type: "__heartbeat" });
  expect(frame.type).toBe("__heartbeat_ack");
}

/** The offsets of publication frames (and checks they are the topic's). */
export function offsetsOf(frames: Frame[], name: string): number[] {
  return frames.map((frame) => {
    expect(frame.meta.topic).toBe(name);
    return frame.meta.offset as number;
  });
}
