/** Type tests (checked by tsc): declared topics type publish, authorize and the message union. */
import type { InferTopicMessage } from "@typed-ws/client/protocol";
import { describe, expectTypeOf, test } from "vitest";
import { createRouter } from "../router.ts";
import { message, topic, z } from "../zod.ts";
import type { TopicPublished } from "./hub.ts";

const NewMessage = message("NEW_MESSAGE", { text: z.string() });
const UserJoined = message("USER_JOINED", { userId: z.string() });
const Announcement = message("ANNOUNCEMENT", { text: z.string() });
const Room = topic("room:{roomId}", [NewMessage, UserJoined]);
const Lobby = topic("lobby", [Announcement]);

describe("router topics", () => {
  test("publish to a ref takes only the topic's messages, with their payloads", () => {
    const router = createRouter<{ userId: string }>();
    router.topic(Room).topic(Lobby);
    expectTypeOf(router.publish(Room({ roomId: "r" }), NewMessage, { text: "hi" })).toEqualTypeOf<
      Promise<TopicPublished>
    >();
    router.publish(Lobby(), Announcement, { text: "hi" });
    // @ts-expect-error — Room does not carry ANNOUNCEMENT
    router.publish(Room({ roomId: "r" }), Announcement, { text: "hi" });
    // @ts-expect-error — wrong payload for NEW_MESSAGE
    router.publish(Room({ roomId: "r" }), NewMessage, { userId: "u" });
    // The string form stays ws-kit's: any message, a count back.
    expectTypeOf(router.publish("room:r", Announcement, { text: "hi" })).toEqualTypeOf<number>();
  });

  test("authorize and exists get the typed parameters and the connection context", () => {
    const router = createRouter<{ userId: string }>();
    router.topic(Room, {
      authorize: (ctx, params) => {
        expectTypeOf(params).toEqualTypeOf<{ readonly roomId: string }>();
        expectTypeOf(ctx.ws.data.userId).toEqualTypeOf<string>();
        return true;
      },
      exists: async (params) => params.roomId.length > 0,
      history: { maxCount: 10 },
    });
    // @ts-expect-error — authorize must return a boolean
    router.topic(Lobby, { authorize: () => "yes" });
  });

  test("a topic handler receives the union of its messages, narrowable by type", () => {
    const handle = (message: InferTopicMessage<typeof Room>) => {
      if (message.type === "USER_JOINED") expectTypeOf(message.payload.userId).toBeString();
      else expectTypeOf(message.payload.text).toBeString();
    };
    expectTypeOf(handle).parameter(0).toHaveProperty("type").toEqualTypeOf<"NEW_MESSAGE" | "USER_JOINED">();
  });
});
