import { QueryClient } from "@tanstack/query-core";
import { act, render, renderHook, screen, waitFor } from "@testing-library/react";
import { message, z } from "@typed-ws/client/zod";
import { Component, type ReactNode, StrictMode, Suspense } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { requestKey } from "../observers/request-key.ts";
import { WsProvider } from "../provider.ts";
import { type Harness, testHarness } from "../test/harness.ts";
import { providerWrapper } from "../test/render.tsx";
import { useRequest } from "./use-request.ts";
import { useRequestMutation } from "./use-request-mutation.ts";
import { type UseSuspenseRequestOptions, useSuspenseRequest } from "./use-suspense-request.ts";

const GetUser = message("GET_USER", { id: z.string() });
const User = message("USER", { id: z.string(), name: z.string() });
const Rename = message("RENAME", { name: z.string() });

let harness: Harness;
afterEach(() => harness?.stop());

/** Answers GET_USER (id "missing": RESOURCE_NOT_FOUND) and RENAME (name "admin": AUTHORIZATION_FAILED). */
function userServer() {
  harness = testHarness();
  harness.server.onRequest(GetUser, User, ({ id }, request) =>
    id === "missing" ? request.error("RESOURCE_NOT_FOUND", { message: "no such user" }) : { id, name: `user ${id}` },
  );
  harness.server.onRequest(Rename, User, ({ name }, request) =>
    name === "admin" ? request.error("AUTHORIZATION_FAILED") : { id: "1", name },
  );
  return harness;
}

/** Catches render errors; shows their message. */
class Boundary extends Component<{ children?: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? <p>caught: {this.state.error.message}</p> : this.props.children;
  }
}

/** React logs errors caught by a boundary (and React 18 rethrows them through a DOM event): keep it quiet. */
function quietBoundaryErrors() {
  vi.spyOn(console, "error").mockImplementation(() => {});
  const quiet = (event: ErrorEvent) => event.preventDefault();
  window.addEventListener("error", quiet);
  return () => window.removeEventListener("error", quiet);
}

describe("useRequest: TanStack options", () => {
  it("select(message) picks data from the whole message, meta included", async () => {
    const { client } = userServer();
    const { result } = renderHook(
      () =>
        useRequest(GetUser, { id: "1" }, User, {
          select: (msg) => ({ name: msg.payload.name, hasId: typeof msg.meta.correlationId === "string" }),
        }),
      { wrapper: providerWrapper(client) },
    );
    await waitFor(() => expect(result.current.data).toEqual({ name: "user 1", hasId: true }));
  });

  it("initialData (a cached message) is shown without a request while fresh", async () => {
    const { client } = userServer();
    const initial = { type: "USER" as const, meta: {}, payload: { id: "1", name: "from SSR" } };
    const { result } = renderHook(
      () => useRequest(GetUser, { id: "1" }, User, { initialData: initial, staleTime: 60_000 }),
      { wrapper: providerWrapper(client) },
    );
    expect(result.current.data).toEqual({ id: "1", name: "from SSR" });
    expect(result.current.isSuccess).toBe(true);
    await harness.waitForStatus("open");
    expect(harness.server.sent(GetUser)).toHaveLength(0);
  });

  it("placeholderData shows while fetching, flagged isPlaceholderData, then the real data", async () => {
    const { client } = userServer();
    const placeholder = { type: "USER" as const, meta: {}, payload: { id: "?", name: "placeholder" } };
    const { result } = renderHook(() => useRequest(GetUser, { id: "1" }, User, { placeholderData: placeholder }), {
      wrapper: providerWrapper(client),
    });
    expect(result.current.data).toEqual({ id: "?", name: "placeholder" });
    expect(result.current.isPlaceholderData).toBe(true);
    await waitFor(() => expect(result.current.data).toEqual({ id: "1", name: "user 1" }));
    expect(result.current.isPlaceholderData).toBe(false);
  });

  it("throwOnError throws the typed error to the error boundary; without it the error is returned", async () => {
    const unquiet = quietBoundaryErrors();
    try {
      const { client } = userServer();
      render(
        <WsProvider client={client}>
          <Boundary>
            <Profile throwOnError />
          </Boundary>
          <Profile throwOnError={false} />
        </WsProvider>,
      );
      await screen.findByText("caught: no such user");
      await screen.findByText("returned: RESOURCE_NOT_FOUND");
    } finally {
      unquiet();
    }
  });
});

describe("useSuspenseRequest", () => {
  it("suspends until the response is cached, then renders data with one request", async () => {
    const { client } = userServer();
    render(
      <WsProvider client={client}>
        <Suspense fallback={<p>loading…</p>}>
          <Name id="1" />
        </Suspense>
      </WsProvider>,
    );
    expect(screen.getByText("loading…")).toBeTruthy();
    await screen.findByText("name: user 1");
    expect(harness.server.sent(GetUser)).toHaveLength(1);
  });

  it("under StrictMode sends one request", async () => {
    const { client } = userServer();
    render(
      <StrictMode>
        <WsProvider client={client}>
          <Suspense fallback={<p>loading…</p>}>
            <Name id="1" />
          </Suspense>
        </WsProvider>
      </StrictMode>,
    );
    await screen.findByText("name: user 1");
    expect(harness.server.sent(GetUser)).toHaveLength(1);
  });

  it("renders cached data at once, without suspending or fetching", async () => {
    const { client } = userServer();
    const queryClient = new QueryClient();
    queryClient.setQueryData(requestKey(GetUser, { id: "1" }), {
      type: "USER",
      meta: {},
      payload: { id: "1", name: "cached" },
    });
    render(
      <WsProvider client={client} queryClient={queryClient}>
        <Suspense fallback={<p>loading…</p>}>
          <Name id="1" />
        </Suspense>
      </WsProvider>,
    );
    expect(screen.getByText("name: cached")).toBeTruthy();
    await harness.waitForStatus("open");
    expect(harness.server.sent(GetUser)).toHaveLength(0);
  });

  it.each([
    // Cached long ago: only "static" keeps it fresh.
    ['staleTime: "static" stays static (as TanStack: never stale)', "static" as const, "static", false],
    // Cached just now: fresh only if the function's 0 is raised to 1 s.
    ["a staleTime function is raised to at least 1 s (as TanStack)", () => 0, "function", true],
  ])("%s: cached data is not refetched on mount", async (_name, staleTime, name, justNow) => {
    const { client } = userServer();
    const queryClient = new QueryClient();
    const cached = { type: "USER", meta: {}, payload: { id: "1", name } };
    queryClient.setQueryData(requestKey(GetUser, { id: "1" }), cached, { updatedAt: justNow ? Date.now() : 1 });
    render(
      <WsProvider client={client} queryClient={queryClient}>
        <Suspense fallback={<p>loading…</p>}>
          <StaleName staleTime={staleTime} />
        </Suspense>
      </WsProvider>,
    );
    expect(screen.getByText(`name: ${name}`)).toBeTruthy();
    await harness.waitForStatus("open");
    expect(harness.server.sent(GetUser)).toHaveLength(0);
  });

  it("throws a failed request's error to the error boundary", async () => {
    const unquiet = quietBoundaryErrors();
    try {
      const { client } = userServer();
      render(
        <WsProvider client={client}>
          <Boundary>
            <Suspense fallback={<p>loading…</p>}>
              <SuspenseMissing />
            </Suspense>
          </Boundary>
        </WsProvider>,
      );
      await screen.findByText("caught: no such user");
    } finally {
      unquiet();
    }
  });
});

function Profile({ throwOnError }: { throwOnError: boolean }) {
  const user = useRequest(GetUser, { id: "missing" }, User, { throwOnError, retry: false });
  return <p>{user.error ? `returned: ${user.error.code}` : (user.data?.name ?? "loading")}</p>;
}

function Name({ id }: { id: string }) {
  const { data } = useSuspenseRequest(GetUser, { id }, User);
  return <p>name: {data.name}</p>;
}

function StaleName({ staleTime }: { staleTime: UseSuspenseRequestOptions<typeof User>["staleTime"] }) {
  const { data } = useSuspenseRequest(GetUser, { id: "1" }, User, { staleTime });
  return <p>name: {data.name}</p>;
}

function SuspenseMissing() {
  const { data } = useSuspenseRequest(GetUser, { id: "missing" }, User, { retry: false });
  return <p>{data.name}</p>;
}

describe("useRequestMutation: TanStack options", () => {
  it("data and mutateAsync are the payload by default, select(message) otherwise", async () => {
    const { client } = userServer();
    const { result } = renderHook(
      () =>
        [useRequestMutation(Rename, User), useRequestMutation(Rename, User, { select: (msg) => msg.type })] as const,
      { wrapper: providerWrapper(client) },
    );
    await expect(result.current[0].mutateAsync({ name: "ada" })).resolves.toEqual({ id: "1", name: "ada" });
    await expect(result.current[1].mutateAsync({ name: "ada" })).resolves.toBe("USER");
    await waitFor(() => expect(result.current[0].data).toEqual({ id: "1", name: "ada" }));
  });

  it("mutationKey defaults to requestKey(Schema) and can be set; isMutating filters by it", async () => {
    const { client } = userServer();
    const queryClient = new QueryClient();
    const { result } = renderHook(
      () => [useRequestMutation(Rename, User), useRequestMutation(Rename, User, { mutationKey: ["profile"] })] as const,
      { wrapper: providerWrapper(client, queryClient) },
    );
    act(() => {
      result.current[0].mutate({ name: "a" });
      result.current[1].mutate({ name: "b" });
    });
    expect(queryClient.isMutating({ mutationKey: requestKey(Rename) })).toBe(1);
    expect(queryClient.isMutating({ mutationKey: ["profile"] })).toBe(1);
    await waitFor(() => expect(queryClient.isMutating()).toBe(0));
  });

  it("throwOnError throws the mutation's error to the error boundary", async () => {
    const unquiet = quietBoundaryErrors();
    try {
      const { client } = userServer();
      render(
        <WsProvider client={client}>
          <Boundary>
            <RenameButton />
          </Boundary>
        </WsProvider>,
      );
      act(() => screen.getByRole("button").click());
      await screen.findByText("caught: AUTHORIZATION_FAILED");
    } finally {
      unquiet();
    }
  });
});

function RenameButton() {
  const rename = useRequestMutation(Rename, User, { throwOnError: true });
  return (
    <button type="button" onClick={() => rename.mutate({ name: "admin" })}>
      rename
    </button>
  );
}
