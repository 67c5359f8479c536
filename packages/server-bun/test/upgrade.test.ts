/** Authentication at upgrade, the bearer subprotocol, and createHandler's HTTP fall-through. */
import { afterEach, describe, expect, test } from "bun:test";
import { createHandler, createRouter, readAccessToken } from "../src/index.ts";
import { Identity, WhoAmI } from "./schemas.ts";
import { rawClient, start, stopAll, track, typedClient } from "./setup.ts";

afterEach(stopAll);

/** The HTTP status of a WebSocket upgrade attempt, sent by hand so a rejection can be read. */
async function upgradeStatus(port: number, path = "/"): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    headers: {
      Connection: "Upgrade",
      Upgrade: "websocket",
      "Sec-WebSocket-Version": "13",
      "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    },
  });
  await response.body?.cancel();
  return response.status;
}

type User = { userId: string; role: string };

function authRouter() {
  const router = createRouter<User>();
  let handled = 0;
  router.onOpen(() => {
    handled++;
  });
  router.on(WhoAmI, (ctx) => ctx.reply(Identity, { clientId: ctx.ws.data.clientId, name: ctx.ws.data.userId }));
  return { router, opened: () => handled };
}

describe("authenticate", () => {
  test.each([
    ["returns false", () => false as const],
    [
      "throws",
      () => {
        throw new Error("bad token");
      },
    ],
    [
      "rejects",
      async () => {
        throw new Error("bad token");
      },
    ],
  ])('%s → with authFailure "http-401": HTTP 401 and no socket', async (_name, authenticate) => {
    const { router, opened } = authRouter();
    router.onError(() => {}); // the throws are reported; keep the test output quiet
    const { server } = start(router, { authenticate, authFailure: "http-401" });
    expect(await upgradeStatus(server.port!)).toBe(401);
    expect(opened()).toBe(0);
  });

  test.each([
    ["returns false", () => false as const],
    ["rejects", async () => Promise.reject(new Error("bad token"))],
  ])("%s → by default: ERROR AUTHENTICATION_FAILED, then close 1008; onOpen/onClose never run", async (_n, auth) => {
    const { router, opened } = authRouter();
    let closed = 0;
    router.onClose(() => void closed++).onError(() => {});
    const { url } = start(router, { authenticate: auth });
    const client = await rawClient(url);
    const frame = await client.next();
    expect(frame).toMatchObject({ type: "ERROR", payload: { code: "AUTHENTICATION_FAILED" } });
    expect((await client.closed).code).toBe(1008);
    expect(opened()).toBe(0);
    expect(closed).toBe(0);
  });

  test("an object (async) is merged into ws.data; the token comes from the query by default", async () => {
    const { router } = authRouter();
    const { url } = start(router, {
      authenticate: async (req) => {
        const token = readAccessToken(req);
        return token === "good" ? { userId: "u1", role: "admin" } : false;
      },
    });
    const client = await typedClient(url, { auth: { getToken: () => "good" } });
    const identity = await client.request(WhoAmI, Identity);
    expect(identity.payload.name).toBe("u1");
  });

  test("undefined accepts with no extra data", async () => {
    const { router } = authRouter();
    const { url } = start(router, { authenticate: () => undefined });
    const client = await typedClient(url);
    const identity = await client.request(WhoAmI, Identity);
    expect(identity.payload.name).toBeUndefined();
    expect(identity.payload.clientId).toBeString();
  });

  test("the bearer.<token> subprotocol is echoed and readable by authenticate", async () => {
    const { router } = authRouter();
    const tokens: (string | undefined)[] = [];
    const { url } = start(router, {
      authenticate: (req) => {
        tokens.push(readAccessToken(req));
        return { userId: "u2", role: "user" };
      },
    });
    const raw = await rawClient(url, { protocols: ["bearer.tok123"] });
    expect(raw.ws.protocol).toBe("bearer.tok123");
    const client = await typedClient(url, { auth: { getToken: () => "tok456", attach: "protocol" } });
    expect((await client.request(WhoAmI, Identity)).payload.name).toBe("u2");
    expect(tokens).toEqual(["tok123", "tok456"]);
  });

  test("an Authorization header is read too (Bun and Node clients can send one)", async () => {
    const { router } = authRouter();
    const { url } = start(router, {
      authenticate: (req) => (readAccessToken(req) === "hdr" ? { userId: "u3", role: "user" } : false),
    });
    const raw = await rawClient(url, { headers: { Authorization: "Bearer hdr" } });
    const answer = await raw.roundTrip({ type: "WHO_AM_I", meta: { correlationId: "w" } });
    expect(answer.payload).toMatchObject({ name: "u3" });
  });
});

describe("createHandler", () => {
  test("non-upgrade requests fall through to the app's fetch; upgrades on `path` reach the router", async () => {
    const { router } = authRouter();
    const handler = createHandler(router, {
      path: "/ws",
      fetch: (req) => new Response(`http:${new URL(req.url).pathname}`),
    });
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler.fetch, websocket: handler.websocket });
    track({ close: () => void server.stop(true) });
    const page = await fetch(`http://127.0.0.1:${server.port}/index.html`);
    expect(await page.text()).toBe("http:/index.html");
    const client = await typedClient(`ws://127.0.0.1:${server.port}/ws`);
    expect((await client.request(WhoAmI, Identity)).payload.clientId).toBeString();
  });

  test("without a fetch fallback, plain HTTP gets 426", async () => {
    const { server } = start(createRouter());
    const response = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(response.status).toBe(426);
  });
});
