import { Calculate, CalculateResult, DemoErrorCodes } from "../shared/messages.ts";
import type { DemoRouter } from "./router.ts";

/**
 * The seeds' request/response calculator. A result that is not a finite number (for example
 * `1e308 × 10`) cannot travel as JSON, so the server rejects it with `RESULT_OUT_OF_RANGE`.
 */
export function registerCalculator(router: DemoRouter): void {
  router.on(Calculate, (ctx) => {
    const { operation, a, b } = ctx.payload;
    const result = operation === "add" ? a + b : a * b;
    if (!Number.isFinite(result)) {
      ctx.error(DemoErrorCodes.ResultOutOfRange, `${a} ${operation} ${b} is out of range`, { operation, a, b });
      return;
    }
    ctx.reply(CalculateResult, { result });
  });
}
