/** Type tests (checked by tsc): the Redis stores fit the router's store seams. */
import { describe, expectTypeOf, test } from "vitest";
import { createRouter } from "../router.ts";
import { isSharedTopicStore, type SharedTopicStore } from "../topics/shared-store.ts";
import type { TopicStore } from "../topics/store.ts";
import type { RedisRequestStore, RequestClaim, SharedRequestStore } from "./request-store.ts";
import type { RedisTopicStore } from "./topic-store.ts";

describe("Redis stores", () => {
  test("RedisTopicStore is a shared TopicStore a router takes", () => {
    expectTypeOf<RedisTopicStore>().toMatchTypeOf<SharedTopicStore>();
    expectTypeOf<RedisTopicStore>().toMatchTypeOf<TopicStore>();
    expectTypeOf(createRouter).parameter(0).toMatchTypeOf<{ topicStore?: TopicStore } | undefined>();
    const check = (store: TopicStore) => {
      if (isSharedTopicStore(store)) expectTypeOf(store.relay).toBeFunction();
      // @ts-expect-error a plain TopicStore has no relay
      store.relay;
    };
    void check;
  });

  test("RedisRequestStore claims narrow by state", () => {
    expectTypeOf<RedisRequestStore>().toMatchTypeOf<SharedRequestStore>();
    const read = (claim: RequestClaim) => {
      if (claim.state === "done") expectTypeOf(claim.frame).toBeString();
      // @ts-expect-error only a done claim carries the frame
      claim.frame;
    };
    void read;
  });
});
