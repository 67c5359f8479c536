/**
 * Figure 10 server: typed-ws with every `?sub` connection subscribed to the bench topic at open.
 * `SLOW_BURST {count}` publishes `count` Ticks (yielding every 500 so healthy readers drain) and
 * answers with the server's memory (RSS before, peak during, after) and its delivery counters.
 */
import { message, z } from "@typed-ws/client/zod";
import { createRouter, serve } from "@typed-ws/server-bun";
import { PAYLOAD } from "../lib/payload.ts";
import { Tick, TOPIC } from "../lib/schemas.ts";
import { announce } from "../lib/server-util.ts";

const SlowBurst = message("SLOW_BURST", { count: z.number().int().positive() });
const SlowReport = message("SLOW_REPORT", {
  rssBeforeMB: z.number(),
  rssPeakMB: z.number(),
  rssAfterMB: z.number(),
  droppedPublishes: z.number(),
  slowConsumersClosed: z.number(),
  publishedBeforeClose: z.number(),
});

const mb = () => process.memoryUsage.rss() / 1024 / 1024;

/** Starts the figure 10 server with a slow-consumer policy and announces its port. */
export function startSlowConsumerServer(slowConsumers: "close" | "drop"): void {
  const router = createRouter<{ sub: boolean }>();
  router.onOpen((ctx) => {
    if (ctx.ws.data.sub) ctx.subscribe(TOPIC);
  });
  router.onError(() => {}); // the slow consumer's 1013 is expected here
  router.on(SlowBurst, async (ctx) => {
    const rssBeforeMB = mb();
    let rssPeakMB = rssBeforeMB;
    let publishedBeforeClose = 0;
    for (let i = 0; i < ctx.payload.count; i++) {
      router.publish(TOPIC, Tick, PAYLOAD);
      if (publishedBeforeClose === 0 && router.stats.slowConsumersClosed > 0) publishedBeforeClose = i + 1;
      if (i % 500 === 499) {
        rssPeakMB = Math.max(rssPeakMB, mb());
        await Bun.sleep(0);
      }
    }
    Bun.gc(true);
    ctx.reply(SlowReport, {
      rssBeforeMB,
      rssPeakMB,
      rssAfterMB: mb(),
      droppedPublishes: router.stats.droppedPublishes,
      slowConsumersClosed: router.stats.slowConsumersClosed,
      publishedBeforeClose,
    });
  });
  const server = serve(router, {
    port: 0,
    hostname: "127.0.0.1",
    development: false,
    slowConsumers,
    authenticate: (req) => ({ sub: new URL(req.url).searchParams.has("sub") }),
  });
  announce(server.port);
}
