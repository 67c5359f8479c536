/**
 * Figure 7 (in-process, jsdom + react-dom): renders per subscriber component for a burst of
 * `--burst` TICK messages pushed through a fake socket — once all in one task, once one frame per
 * task (how a real socket delivers them). Counts renders after mount, averaged per subscriber.
 */
import { JSDOM } from "jsdom";
import { arg, emitResult } from "../lib/child.ts";

const burst = Number(arg("burst", "10000"));
const SUBSCRIBERS = 10;
const dom = new JSDOM("<!doctype html><html><body><div id='root'></div></body></html>");
Object.assign(globalThis, { window: dom.window, document: dom.window.document, navigator: dom.window.navigator });

const [{ wsClient }, react, { createRoot }, { WsProvider, useMessage }, { FakeSocket, FakeWebSocket }, { Tick }] =
  await Promise.all([
    import("@typed-ws/client"),
    import("react"),
    import("react-dom/client"),
    import("@typed-ws/react"),
    import("../lib/fake-socket.ts"),
    import("../lib/schemas.ts"),
  ]);

const renders = { value: 0, select: 0, handler: 0, naive: 0 };
type Kind = keyof typeof renders;

function ValueSubscriber() {
  renders.value++;
  useMessage(Tick);
  return null;
}
function SelectSubscriber() {
  renders.select++;
  useMessage(Tick, { select: (m) => m.type });
  return null;
}
function HandlerSubscriber() {
  renders.handler++;
  useMessage(Tick, () => {});
  return null;
}
/** What an app writes without the hooks: `useState` set from `client.on` in an effect. */
function NaiveSubscriber({ client }: { client: ReturnType<typeof wsClient> }) {
  renders.naive++;
  const [, setLast] = react.useState<unknown>();
  react.useEffect(() => client.on(Tick, setLast), [client]);
  return null;
}

const client = wsClient({ url: "ws://bench.invalid", WebSocket: FakeWebSocket, reconnect: false, heartbeat: false });
const ids = Array.from({ length: SUBSCRIBERS }, (_, i) => `s${i}`);
const many = (C: () => null) => ids.map((id) => <C key={id} />);
const root = createRoot(document.getElementById("root")!);
root.render(
  <WsProvider client={client}>
    {many(ValueSubscriber)}
    {many(SelectSubscriber)}
    {many(HandlerSubscriber)}
    {ids.map((id) => (
      <NaiveSubscriber key={id} client={client} />
    ))}
  </WsProvider>,
);

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const settle = async () => {
  for (let i = 0; i < 5; i++) await nextTask();
};
await client.connect();
await settle();
const socket = FakeSocket.last!;
const frame = (i: number) => JSON.stringify({ type: "TICK", meta: { timestamp: i }, payload: { text: `m${i}` } });

/** Renders per subscriber (by kind) caused by `deliver`, after everything settles. */
async function measure(deliver: () => Promise<void> | void): Promise<Record<Kind, number>> {
  const before = { ...renders };
  await deliver();
  await settle();
  const per = (k: Kind) => (renders[k] - before[k]) / SUBSCRIBERS;
  return { value: per("value"), select: per("select"), handler: per("handler"), naive: per("naive") };
}

const sameTask = await measure(() => {
  for (let i = 0; i < burst; i++) socket.receive(frame(i));
});
const perTask = await measure(async () => {
  for (let i = 0; i < burst; i++) {
    socket.receive(frame(i));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
});
root.unmount();
client.close();

const out: Record<string, number> = {};
const bursts: Record<string, number> = {};
const labels: Record<Kind, string> = {
  value: "useMessage(Tick)",
  select: "useMessage(Tick, {select}) constant value",
  handler: "useMessage(Tick, handler)",
  naive: "naive useState + client.on",
};
for (const [when, result] of [
  ["burst in one task", sameTask],
  ["one frame per task", perTask],
] as const) {
  for (const kind of Object.keys(labels) as Kind[]) {
    out[`${labels[kind]}, ${when}`] = result[kind];
    bursts[`${labels[kind]}, ${when}`] = burst;
  }
}
emitResult({ renders: out, bursts });
