/**
 * Own messages whose publication back to the room has not arrived yet. A `POST_MESSAGE` request
 * says itself whether a message was posted (its answer, or its error); the room also publishes
 * the `NEW_MESSAGE` to every member, this tab included, and that copy must not show twice.
 */
export interface EchoFilter {
  /** An own message was posted (or is being): its publication will arrive with this text. */
  expect(id: number, text: string): void;
  /** The room published an own message: the id of the entry it belongs to (oldest first), if any. */
  take(text: string): number | undefined;
  /** The message will not be published (refused, timed out): stop expecting it. */
  forget(id: number): void;
  /** How many are expected. */
  readonly size: number;
}

/** At most this many publications are expected at once: older ones (lost with a dropped socket) are forgotten. */
export const MAX_EXPECTED = 200;

/** Creates an {@link EchoFilter}. */
export function createEchoFilter(): EchoFilter {
  let expected: { id: number; text: string }[] = [];
  return {
    expect(id, text) {
      expected.push({ id, text });
      if (expected.length > MAX_EXPECTED) expected = expected.slice(-MAX_EXPECTED);
    },
    take(text) {
      // The oldest with this text: another tab of the same user may publish texts we never sent.
      const index = expected.findIndex((entry) => entry.text === text);
      return index < 0 ? undefined : expected.splice(index, 1)[0]!.id;
    },
    forget(id) {
      expected = expected.filter((entry) => entry.id !== id);
    },
    get size() {
      return expected.length;
    },
  };
}
