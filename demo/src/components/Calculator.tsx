import { useRequest } from "@typed-ws/react";
import { type FormEvent, useId, useState } from "react";
import { Calculate, CalculateResult } from "../../shared/messages.ts";
import { describeError } from "../errors/describe.ts";
import { formatNumber, parseNumber } from "../format/number.ts";

type Operation = "add" | "multiply";
type Payload = { operation: Operation; a: number; b: number };

const SYMBOL: Record<Operation, string> = { add: "+", multiply: "×" };

/** Plain words for a field that does not hold a number, or `undefined` when it does. */
function fieldProblem(label: string, text: string): string | undefined {
  const parsed = parseNumber(text);
  if (parsed.ok) return undefined;
  return parsed.problem === "is empty" ? `Enter the ${label.toLowerCase()}.` : `${label}: ${parsed.problem}.`;
}

/**
 * The seeds' request/response calculator on `useRequest`. The fields take numbers (decimals,
 * exponents like `1e308`); anything else, or an empty field, is explained before anything is
 * sent. Results are rounded to 15 significant digits (`0.1 + 0.2 = 0.3`); a result the server
 * refuses (`1e308 × 10`, `ServerError` `RESULT_OUT_OF_RANGE`) is explained in plain words.
 */
export function Calculator() {
  const id = useId();
  const [a, setA] = useState("5");
  const [b, setB] = useState("3");
  const [operation, setOperation] = useState<Operation>("add");
  const [payload, setPayload] = useState<Payload | undefined>(undefined);
  const [problems, setProblems] = useState<{ a?: string; b?: string }>({});
  const query = useRequest(Calculate, payload ?? { operation: "add", a: 0, b: 0 }, CalculateResult, {
    enabled: payload !== undefined,
    retry: false,
    timeoutMs: 5000,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = { a: fieldProblem("First number", a), b: fieldProblem("Second number", b) };
    setProblems(found);
    const first = parseNumber(a);
    const second = parseNumber(b);
    if (first.ok && second.ok) {
      setPayload({ operation, a: first.value, b: second.value });
    } else {
      setPayload(undefined);
      document.getElementById(`${id}-${found.a === undefined ? "b" : "a"}`)?.focus();
    }
  };

  const problem = problems.a ?? problems.b;
  const error = query.error ? describeError(query.error) : undefined;

  return (
    <section className="card calculator" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Calculator</h2>
      <p className="muted small">
        A request with a typed answer: <code>CALCULATE</code> → <code>CALCULATE_RESULT</code>
      </p>
      <form onSubmit={submit} noValidate>
        <div className="calc-grid">
          <label htmlFor={`${id}-a`}>First number</label>
          <input
            id={`${id}-a`}
            data-testid="calc-a"
            inputMode="decimal"
            autoComplete="off"
            aria-invalid={problems.a !== undefined}
            aria-describedby={`${id}-problem`}
            value={a}
            onChange={(event) => setA(event.target.value)}
          />
          <label htmlFor={`${id}-op`}>Operation</label>
          <select
            id={`${id}-op`}
            data-testid="calc-op"
            value={operation}
            onChange={(event) => setOperation(event.target.value as Operation)}
          >
            <option value="add">+ add</option>
            <option value="multiply">× multiply</option>
          </select>
          <label htmlFor={`${id}-b`}>Second number</label>
          <input
            id={`${id}-b`}
            data-testid="calc-b"
            inputMode="decimal"
            autoComplete="off"
            aria-invalid={problems.b !== undefined}
            aria-describedby={`${id}-problem`}
            value={b}
            onChange={(event) => setB(event.target.value)}
          />
        </div>
        <p id={`${id}-problem`} className="field-error" data-testid="calc-problem" role="alert">
          {problem}
        </p>
        <button type="submit" className="primary" data-testid="calc-submit">
          Calculate
        </button>
      </form>
      <div className="calc-output" data-testid="calc-output" role="status">
        {payload === undefined ? (
          <span className="muted small">
            Try <code>0.1 + 0.2</code>, or <code>1e308 × 10</code>, which the server refuses.
          </span>
        ) : query.isFetching ? (
          <span className="muted">Calculating…</span>
        ) : error !== undefined ? (
          <span className="field-error" data-testid="calc-error" data-code={error.code}>
            {error.text} <span className="detail">{error.detail}</span>
          </span>
        ) : query.data ? (
          <span data-testid="calc-result">
            {formatNumber(payload.a)} {SYMBOL[payload.operation]} {formatNumber(payload.b)} ={" "}
            <strong>{formatNumber(query.data.result)}</strong>
          </span>
        ) : null}
      </div>
    </section>
  );
}
