import { describe, expectTypeOf, it } from "vitest";
import { onTopicReset, subscribe } from "../topics.ts";
import { message, topic, wsClient, z } from "../zod.ts";
import type { PublicationInfo, TopicReset, TopicSubscription } from "./subscription-types.ts";

const NewMessage = message("NEW_MESSAGE", { text: z.string() });
const UserJoined = message("USER_JOINED", { userId: z.string() });
const Room = topic("room:{roomId}", [NewMessage, UserJoined]);
const Lobby = topic("lobby", [UserJoined]);
const client = wsClient({ url: "ws://localhost:1" });

describe("subscribe(client, …) types", () => {
  it("onMessage receives the union of the topic's messages, narrowable by type", () => {
    const handle = subscribe(client, Room({ roomId: "a" }), {
      onMessage(msg, info) {
        expectTypeOf(info).toEqualTypeOf<PublicationInfo>();
        if (msg.type === "NEW_MESSAGE") expectTypeOf(msg.payload).toEqualTypeOf<{ text: string }>();
        else expectTypeOf(msg.payload).toEqualTypeOf<{ userId: string }>();
        // @ts-expect-error USER_JOINED has no text
        msg.payload.text;
      },
    });
    expectTypeOf(handle).toEqualTypeOf<TopicSubscription<typeof Room>>();
    expectTypeOf(handle.state).toEqualTypeOf<"subscribing" | "active" | "error">();
    subscribe(client, Lobby());
  });

  it("takes only topic references", () => {
    // @ts-expect-error a name is not a reference
    subscribe(client, "room:a");
    // @ts-expect-error the declaration needs its parameters
    subscribe(client, Room);
  });

  it("takes the client first; the client has no subscribe method any more", () => {
    // @ts-expect-error the client is the first argument
    subscribe(Room({ roomId: "a" }));
    // @ts-expect-error topics are opt-in: `subscribe(client, ref)` from @typed-ws/client/topics
    client.subscribe(Room({ roomId: "a" }));
  });

  it("onTopicReset(client, listener) gets the reset and returns an unsubscribe", () => {
    const off = onTopicReset(client, (event) => expectTypeOf(event).toEqualTypeOf<TopicReset>());
    expectTypeOf(off).toEqualTypeOf<() => void>();
    // @ts-expect-error the client is the first argument
    onTopicReset(() => {});
  });
});
