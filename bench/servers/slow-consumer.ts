/** Figure 10: the slow-consumer server with the default policy (`slowConsumers: "close"` → 1013). */
import { startSlowConsumerServer } from "./slow-consumer-app.ts";

startSlowConsumerServer("close");
