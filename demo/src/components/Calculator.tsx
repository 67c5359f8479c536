import { useRequest } from "@typed-ws/react";
import { type FormEvent, useState } from "react";
import { Calculate, CalculateResult } from "../../shared/messages.ts";

type Operation = "add" | "multiply";
type Payload = { operation: Operation; a: number; b: number };

const SYMBOL: Record<Operation, string> = { add: "+", multiply: "×" };

/**
 * The seeds' request/response calculator on `useRequest`. Typed errors show up as they are:
 * a non-number is rejected client-side (`ValidationError`), an out-of-range result by the
 * server (`ServerError` `RESULT_OUT_OF_RANGE`, try `1e308 × 10`).
 */
export function Calculator() {
  const [a, setA] = useState("5");
  const [b, setB] = useState("3");
  const [operation, setOperation] = useState<Operation>("add");
  const [payload, setPayload] = useState<Payload | undefined>(undefined);
  const query = useRequest(Calculate, payload ?? { operation: "add", a: 0, b: 0 }, CalculateResult, {
    enabled: payload !== undefined,
    retry: false,
    timeoutMs: 5000,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPayload({ operation, a: Number(a), b: Number(b) });
  };

  return (
    <section className="card calculator" aria-label="Calculator">
      <h2>Calculator</h2>
      <p className="muted small">
        <code>CALCULATE</code> → <code>CALCULATE_RESULT</code> with <code>useRequest</code>
      </p>
      <form onSubmit={submit}>
        <div className="calc-row">
          <input aria-label="a" data-testid="calc-a" value={a} onChange={(event) => setA(event.target.value)} />
          <select
            aria-label="operation"
            data-testid="calc-op"
            value={operation}
            onChange={(event) => setOperation(event.target.value as Operation)}
          >
            <option value="add">+</option>
            <option value="multiply">×</option>
          </select>
          <input aria-label="b" data-testid="calc-b" value={b} onChange={(event) => setB(event.target.value)} />
        </div>
        <button type="submit" className="primary" data-testid="calc-submit">
          Calculate
        </button>
      </form>
      <div className="calc-output" data-testid="calc-output" aria-live="polite">
        {payload === undefined ? (
          <span className="muted small">
            Enter two numbers. Try <code>1e308 × 10</code> (rejected by the server) or <code>abc</code> (rejected before
            sending).
          </span>
        ) : query.isFetching ? (
          <span className="muted">Calculating…</span>
        ) : query.error ? (
          <span className="inline-error" data-testid="calc-error">
            <strong>{query.error.name}</strong> <code>{"code" in query.error ? String(query.error.code) : ""}</code>{" "}
            {query.error.message}
          </span>
        ) : query.data ? (
          <span data-testid="calc-result">
            {payload.a} {SYMBOL[payload.operation]} {payload.b} = <strong>{query.data.result}</strong>
          </span>
        ) : null}
      </div>
    </section>
  );
}
