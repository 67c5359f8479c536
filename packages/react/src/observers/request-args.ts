import { getMessageInfo, messageInfo } from "../deps.ts";

/** The arguments after the request schema, sorted out. */
export interface RequestArgs<R, O> {
  payload: unknown;
  /** The response schema, when one was passed (a paired request may leave it out). */
  response: R;
  options: O | undefined;
}

/**
 * Sorts the arguments after the request schema of `useRequest`, `useSuspenseRequest` and
 * `requestQueryOptions`: `(payload, response?, options?)` for a schema with a payload,
 * `(response?, options?)` without. The schema itself says which (`hasPayload`), so a missing
 * response schema never shifts the options into its place.
 * @throws TypeError when `schema` was not made by `message()`.
 */
export function splitRequestArgs<R, O>(schema: unknown, rest: readonly unknown[]): RequestArgs<R, O> {
  const [payload, ...tail] = messageInfo(schema).hasPayload ? rest : [undefined, ...rest];
  const [response, options] = getMessageInfo(tail[0]) === undefined ? [undefined, tail[0]] : tail;
  return { payload, response: response as R, options: options as O | undefined };
}
