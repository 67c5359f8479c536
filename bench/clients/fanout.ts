/**
 * Figure 4, the client side (Bun): `--subscribers` sockets subscribe, one control socket triggers
 * `--publishes` publishes, and we time until every subscriber has counted every frame.
 */
import { deliveryCounter, openInBatches, subscriber, timeBurst } from "../lib/burst.ts";
import { arg, emitResult } from "../lib/child.ts";

const impl = arg("impl", "raw");
const url = arg("url", "");
const subscribers = Number(arg("subscribers", "100"));
const publishes = Number(arg("publishes", "1000"));

let id = 0;
const subscribeFrame = () =>
  impl === "raw" ? "sub" : JSON.stringify({ type: "SUBSCRIBE", meta: { correlationId: `s${id++}` } });
const publishFrame =
  impl === "raw"
    ? `pub:${publishes}`
    : JSON.stringify({ type: "PUBLISH_BURST", meta: { correlationId: "p" }, payload: { count: publishes } });

const counter = deliveryCounter();
const count = () => {
  counter.delivered++;
  counter.onDelivered();
};

const sockets = await openInBatches(subscribers, () => subscriber(url, subscribeFrame(), count));
const expected = subscribers * publishes;
const elapsed = await timeBurst(url, publishFrame, expected, counter);
for (const socket of sockets) socket.close();
const { delivered } = counter;
emitResult({ deliveriesPerSec: delivered / (elapsed / 1000), delivered, expected });
