import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import * as Z from "../zod.ts";
import { type InferTopicMessage, type InferTopicParams, type TopicRef, topic } from "./topic.ts";

const NewMessage = Z.message("NEW_MESSAGE", { text: z.string() });
const UserJoined = Z.message("USER_JOINED", { userId: z.string() });
const Room = topic("room:{roomId}", [NewMessage, UserJoined]);
const Doc = topic("org:{org}/doc:{doc}", [NewMessage]);
const Lobby = topic("lobby", [UserJoined]);

describe("topic types", () => {
  it("parses the parameters from the pattern", () => {
    expectTypeOf<InferTopicParams<typeof Room>>().toEqualTypeOf<{ readonly roomId: string }>();
    expectTypeOf<InferTopicParams<typeof Doc>>().toEqualTypeOf<{ readonly org: string; readonly doc: string }>();
    expectTypeOf(Room.match("room:x")).toEqualTypeOf<{ readonly roomId: string } | undefined>();
    expectTypeOf(Room({ roomId: "x" })).toEqualTypeOf<TopicRef<typeof Room>>();
    expectTypeOf(Room({ roomId: "x" }).params.roomId).toBeString();
    expectTypeOf(Lobby().name).toBeString();
  });

  it("requires exactly the declared parameters", () => {
    // @ts-expect-error roomId is required
    Room({});
    // @ts-expect-error no parameters given
    Room();
    // @ts-expect-error a misspelled parameter
    Room({ room: "x" });
    // @ts-expect-error doc is missing
    Doc({ org: "o" });
  });

  it("infers the union of the topic's messages, narrowable by type", () => {
    type Message = InferTopicMessage<typeof Room>;
    expectTypeOf<Message["type"]>().toEqualTypeOf<"NEW_MESSAGE" | "USER_JOINED">();
    const handle = (message: Message) => {
      if (message.type === "NEW_MESSAGE") expectTypeOf(message.payload).toEqualTypeOf<{ text: string }>();
      else expectTypeOf(message.payload).toEqualTypeOf<{ userId: string }>();
    };
    expectTypeOf(handle).toBeFunction();
  });
});
