import { message, topic, z } from "@typed-ws/client/zod";
import { describe, expectTypeOf, it } from "vitest";
import { useSubscription } from "./use-subscription.ts";

const NewMessage = message("NEW_MESSAGE", { text: z.string() });
const UserJoined = message("USER_JOINED", { userId: z.string() });
const Room = topic("room:{roomId}", [NewMessage, UserJoined]);

describe("useSubscription types", () => {
  it("onMessage receives the topic's messages, narrowable by type; the result is typed", () => {
    const result = useSubscription(Room({ roomId: "a" }), {
      onMessage(msg, info) {
        expectTypeOf(info.offset).toEqualTypeOf<number>();
        if (msg.type === "USER_JOINED") expectTypeOf(msg.payload.userId).toEqualTypeOf<string>();
        // @ts-expect-error not every message of the topic has text
        msg.payload.text;
      },
      invalidateOnReset: ["messages"],
    });
    expectTypeOf(result.status).toEqualTypeOf<"idle" | "subscribing" | "active" | "error">();
    useSubscription(undefined);
    // @ts-expect-error a topic name is not a reference
    useSubscription("room:a");
  });
});
