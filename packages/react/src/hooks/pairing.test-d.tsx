/** Type tests: `useRequest` and `useRequestMutation` infer the response of a paired request. */
import { message, rpc, withResponse, z } from "@typed-ws/client/zod";
import { describe, expectTypeOf, it } from "vitest";
import { useRequest } from "./use-request.ts";
import { useRequestMutation } from "./use-request-mutation.ts";

const GetUser = rpc("GET_USER", { id: z.string() }, "USER", { name: z.string() });
const GetStats = withResponse(message("GET_STATS"), message("STATS", { users: z.number() }));
const Rename = message("RENAME", { name: z.string() });
const Renamed = message("RENAMED", { name: z.string() });
const Other = message("OTHER");

describe("useRequest with a paired schema", () => {
  it("infers the response", () => {
    expectTypeOf(useRequest(GetUser, { id: "1" }).data?.payload).toEqualTypeOf<{ name: string } | undefined>();
    expectTypeOf(useRequest(GetUser, { id: "1" }, { staleTime: 1 }).data?.type).toEqualTypeOf<"USER" | undefined>();
    expectTypeOf(useRequest(GetStats).data?.payload.users).toEqualTypeOf<number | undefined>();
    expectTypeOf(useRequest(GetUser, { id: "1" }, GetUser.response).data?.type).toEqualTypeOf<"USER" | undefined>();
    expectTypeOf(useRequest(Rename, { name: "n" }, Renamed).data?.type).toEqualTypeOf<"RENAMED" | undefined>();
  });

  it("names the bad payload field and rejects a wrong response", () => {
    // @ts-expect-error `id` must be a string
    useRequest(GetUser, { id: 1 });
    // @ts-expect-error a paired request's response is its paired one
    useRequest(GetUser, { id: "1" }, Other);
    // @ts-expect-error an unpaired request needs a response schema
    useRequest(Rename, { name: "n" });
  });
});

describe("useRequestMutation with a paired schema", () => {
  it("infers the response and takes the payload in mutate", () => {
    const get = useRequestMutation(GetUser);
    expectTypeOf(get.mutateAsync({ id: "1" }))
      .resolves.toHaveProperty("payload")
      .toEqualTypeOf<{ name: string }>();
    get.mutate({ id: "1" });
    // @ts-expect-error `id` must be a string
    get.mutate({ id: 1 });
    const stats = useRequestMutation(GetStats, { retry: 1 });
    expectTypeOf(stats.data?.payload.users).toEqualTypeOf<number | undefined>();
    expectTypeOf(useRequestMutation(Rename, Renamed).data?.type).toEqualTypeOf<"RENAMED" | undefined>();
  });

  it("rejects a wrong or missing response", () => {
    // @ts-expect-error a paired request's response is its paired one
    useRequestMutation(GetUser, Other);
    // @ts-expect-error an unpaired request needs a response schema
    useRequestMutation(Rename);
  });
});
