/**
 * The fan-out bench's client harness (figures 4 and 8): subscriber sockets opened 100 at a time,
 * then one control frame that starts a publish burst on the server, timed until every subscriber
 * counted every frame.
 */

/** Frames counted by all subscribers; `onDelivered` runs after each (the timer watches it). */
export interface DeliveryCounter {
  delivered: number;
  onDelivered(): void;
}

/** A counter at zero. */
export function deliveryCounter(): DeliveryCounter {
  return { delivered: 0, onDelivered: () => {} };
}

/**
 * Opens a socket, sends `subscribeFrame` on open and resolves on the first reply (the
 * subscription's answer, passed to `onAnswer`); every later frame goes to `onFrame`.
 */
export function subscriber(
  url: string,
  subscribeFrame: string,
  onFrame: (data: unknown) => void,
  onAnswer: (data: unknown) => void = () => {},
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.onopen = () => socket.send(subscribeFrame);
    socket.onerror = () => reject(new Error("subscriber failed to connect"));
    socket.onmessage = (answer) => {
      onAnswer(answer.data);
      socket.onmessage = (event) => onFrame(event.data);
      resolve(socket);
    };
  });
}

/** Opens `count` subscribers with `open`, 100 at a time. */
export async function openInBatches(count: number, open: () => Promise<WebSocket>): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 100) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, count - i) }, open))));
  }
  return sockets;
}

/**
 * Sends `burstFrame` on a fresh control socket and resolves with the milliseconds until
 * `counter.delivered` reaches `expected` (or 30 s, whatever arrived by then). Closes the control socket.
 */
export async function timeBurst(
  url: string,
  burstFrame: string,
  expected: number,
  counter: DeliveryCounter,
): Promise<number> {
  const control = new WebSocket(url);
  await new Promise((resolve) => {
    control.onopen = resolve;
  });
  const start = performance.now();
  const elapsed = await new Promise<number>((resolve) => {
    const stall = setTimeout(() => resolve(performance.now() - start), 30_000);
    counter.onDelivered = () => {
      if (counter.delivered === expected) {
        clearTimeout(stall);
        resolve(performance.now() - start);
      }
    };
    control.send(burstFrame);
  });
  control.close();
  return elapsed;
}
