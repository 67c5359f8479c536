/** Figure 10: the slow-consumer server with `slowConsumers: "drop"` (stays open, misses counted). */
import { startSlowConsumerServer } from "./slow-consumer-app.ts";

startSlowConsumerServer("drop");
