import { render, screen, waitFor } from "@testing-library/react";
import { message, z } from "@typed-ws/client/zod";
import { afterEach, describe, expect, it } from "vitest";
import { requestKey } from "../observers/request-key.ts";
import { WsProvider } from "../provider.ts";
import { type Harness, testHarness } from "../test/harness.ts";
import { useMessageToCache } from "./use-message-to-cache.ts";
import { useRequest } from "./use-request.ts";

const GetUser = message("GET_USER", { id: z.string() });
const User = message("USER", { id: z.string(), name: z.string() });
const UserUpdated = message("USER_UPDATED", { id: z.string(), name: z.string() });

let harness: Harness;
afterEach(() => harness?.stop());

function userServer() {
  harness = testHarness();
  let version = 0;
  harness.server.onRequest(GetUser, User, ({ id }) => ({ id, name: `fetched v${++version}` }));
  return harness;
}

function UserName({ id }: { id: string }) {
  const { data } = useRequest(GetUser, { id }, User);
  return <p>{data?.name ?? "loading"}</p>;
}

function PushToCache({ mode }: { mode: "set" | "invalidate" }) {
  useMessageToCache(UserUpdated, (msg, queryClient) => {
    if (mode === "invalidate") {
      void queryClient.invalidateQueries({ queryKey: requestKey(GetUser) });
      return;
    }
    queryClient.setQueryData<typeof User._zod.output>(requestKey(GetUser, { id: msg.payload.id }), (old) =>
      old === undefined ? old : { ...old, payload: msg.payload },
    );
  });
  return null;
}

const push = (id: string, name: string) => harness.server.push(UserUpdated, { id, name });

describe("useMessageToCache + requestKey", () => {
  it("a push updates useRequest data in place (setQueryData), with no new request", async () => {
    const { client } = userServer();
    render(
      <WsProvider client={client}>
        <UserName id="1" />
        <PushToCache mode="set" />
      </WsProvider>,
    );
    await screen.findByText("fetched v1");
    push("1", "pushed");
    await screen.findByText("pushed");
    expect(harness.server.sent(GetUser)).toHaveLength(1);
  });

  it("a push can invalidate every query of a type (prefix key), which refetches", async () => {
    const { client } = userServer();
    render(
      <WsProvider client={client}>
        <UserName id="1" />
        <UserName id="2" />
        <PushToCache mode="invalidate" />
      </WsProvider>,
    );
    await waitFor(() => expect(screen.queryAllByText(/fetched v/)).toHaveLength(2));
    push("1", "ignored");
    await waitFor(() => expect(harness.server.sent(GetUser)).toHaveLength(4));
    await screen.findByText("fetched v4");
  });
});
