import type * as Root from "@typed-ws/react";
import type * as Topics from "@typed-ws/react/topics";
import { describe, expectTypeOf, it } from "vitest";
import type { useSubscription } from "./hooks/use-subscription.ts";

describe("the @typed-ws/react/topics entry", () => {
  it("exports useSubscription and its types", () => {
    expectTypeOf<typeof Topics.useSubscription>().toEqualTypeOf<typeof useSubscription>();
    expectTypeOf<Topics.UseSubscriptionResult["status"]>().toEqualTypeOf<"idle" | "subscribing" | "active" | "error">();
  });

  it("the root entry no longer exports useSubscription or its types (topics are opt-in)", () => {
    expectTypeOf<"useSubscription" extends keyof typeof Root ? true : false>().toEqualTypeOf<false>();
    // @ts-expect-error moved to @typed-ws/react/topics
    type _Options = Root.UseSubscriptionOptions<never>;
    // @ts-expect-error moved to @typed-ws/react/topics
    type _Result = Root.UseSubscriptionResult;
  });
});
