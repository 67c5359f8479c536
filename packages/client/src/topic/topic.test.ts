import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as V from "../valibot.ts";
import * as Z from "../zod.ts";
import { isTopic, MAX_TOPIC_LENGTH, topic } from "./topic.ts";

const NewMessage = Z.message("NEW_MESSAGE", { text: z.string() });
const UserJoined = Z.message("USER_JOINED", { userId: z.string() });

describe("topic()", () => {
  const Room = topic("room:{roomId}", [NewMessage, UserJoined]);

  it("builds a ref from the parameters", () => {
    const ref = Room({ roomId: "general" });
    expect(ref).toEqual({ name: "room:general", topic: Room, params: { roomId: "general" } });
    expect(ref.topic).toBe(Room);
    expect(Room.pattern).toBe("room:{roomId}");
    expect(Room.messages).toEqual([NewMessage, UserJoined]);
  });

  it("matches concrete names and only them", () => {
    expect(Room.match("room:general")).toEqual({ roomId: "general" });
    expect(Room.match("room:a:b")).toEqual({ roomId: "a:b" });
    expect(Room.match("room:")).toBeUndefined();
    expect(Room.match("rooms:x")).toBeUndefined();
    expect(Room.match("xroom:x")).toBeUndefined();
    expect(Room.match(`room:${"x".repeat(MAX_TOPIC_LENGTH)}`)).toBeUndefined();
  });

  it("treats regex characters in the pattern as text", () => {
    const Odd = topic("a.b+(c)[{id}]", [NewMessage]);
    expect(Odd({ id: "1" }).name).toBe("a.b+(c)[1]");
    expect(Odd.match("a.b+(c)[1]")).toEqual({ id: "1" });
    expect(Odd.match("aXb+(c)[1]")).toBeUndefined();
  });

  it("takes several parameters and a pattern without any", () => {
    const Doc = topic("org:{org}/doc:{doc}", [NewMessage]);
    expect(Doc({ org: "o", doc: "d" }).name).toBe("org:o/doc:d");
    expect(Doc.match("org:o/doc:d/x")).toEqual({ org: "o", doc: "d/x" });
    const Lobby = topic("lobby", [NewMessage]);
    expect(Lobby()).toEqual({ name: "lobby", topic: Lobby, params: {} });
    expect(Lobby.match("lobby")).toEqual({});
    expect(Lobby.match("lobby2")).toBeUndefined();
  });

  it("works with Valibot schemas", () => {
    const Ping = V.message("PING");
    expect(topic("t", [Ping])().name).toBe("t");
  });

  it.each([
    [{ roomId: "" }, /roomId must be a non-empty string/],
    [{ roomId: 7 }, /roomId must be a non-empty string/],
    [{}, /roomId must be a non-empty string/],
    [{ roomId: "x".repeat(MAX_TOPIC_LENGTH) }, /over 256 characters/],
  ])("refuses the parameters %j", (params, error) => {
    expect(() => Room(params as { roomId: string })).toThrow(error);
  });

  it("refuses parameters that would be read back differently", () => {
    const Doc = topic("org:{org}/doc:{doc}", [NewMessage]);
    expect(() => Doc({ org: "a/doc:b", doc: "c" })).toThrow(/ambiguous/);
  });

  it.each([
    ["", [NewMessage], /non-empty string/],
    ["{a}{b}", [NewMessage], /separated by text/],
    ["{a}:{a}", [NewMessage], /appears twice/],
    ["x".repeat(MAX_TOPIC_LENGTH + 1), [NewMessage], /over 256 characters/],
    ["t", [], /at least one message/],
    ["t", [NewMessage, NewMessage], /"NEW_MESSAGE" is declared twice/],
    ["t", [{}], /made by message\(\)/],
  ])("refuses the declaration %j", (pattern, messages, error) => {
    expect(() => topic(pattern, messages as never)).toThrow(error);
  });

  it("isTopic tells topics from other values", () => {
    expect(isTopic(Room)).toBe(true);
    expect(isTopic(Room({ roomId: "x" }))).toBe(false);
    expect(isTopic("room:x")).toBe(false);
  });
});
