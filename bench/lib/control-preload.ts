/** `bun --preload lib/control-preload.ts servers/x.ts`: gives any bench server the stdin control channel. */
import { startControl } from "./control.ts";

startControl();
