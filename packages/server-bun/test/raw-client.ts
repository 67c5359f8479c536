/** A bare Bun WebSocket wrapped for tests: send anything, await the next frames and the close. */

/** A frame as the server sent it, parsed. */
export interface Frame {
  type: string;
  meta: Record<string, unknown> & { correlationId?: string; timestamp?: number };
  payload?: unknown;
}

/** An ERROR frame's payload. */
export interface ErrorFramePayload {
  code: string;
  message?: string;
  context?: Record<string, unknown>;
  retryAfterMs?: number;
}

/** A test client on a raw WebSocket: every frame is queued until a test awaits it. */
export class RawClient {
  readonly ws: WebSocket;
  readonly #frames: Frame[] = [];
  readonly #waiters: ((frame: Frame) => void)[] = [];
  /** Resolves with the close event. */
  readonly closed: Promise<CloseEvent>;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as Frame;
      const waiter = this.#waiters.shift();
      if (waiter) waiter(frame);
      else this.#frames.push(frame);
    };
    this.closed = new Promise((resolve) => ws.addEventListener("close", (event) => resolve(event)));
  }

  /** Opens a socket and resolves once open; rejects on error before open. */
  static connect(url: string, init?: { protocols?: string[]; headers?: Record<string, string> }): Promise<RawClient> {
    // Bun's WebSocket accepts headers in its options object.
    const ws = new WebSocket(url, { protocols: init?.protocols, headers: init?.headers } as unknown as string[]);
    return new Promise((resolve, reject) => {
      ws.onopen = () => resolve(new RawClient(ws));
      ws.onerror = (event) => reject(new Error(`WebSocket error: ${String((event as ErrorEvent).message ?? "")}`));
    });
  }

  /** Sends an object as JSON, or a string / bytes as they are. */
  send(data: unknown): void {
    if (typeof data === "string") this.ws.send(data);
    else if (data instanceof Uint8Array) this.ws.send(data as Uint8Array<ArrayBuffer>);
    else this.ws.send(JSON.stringify(data));
  }

  /** The next frame from the server. */
  next(): Promise<Frame> {
    const queued = this.#frames.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Frames received and not yet read. */
  get buffered(): number {
    return this.#frames.length;
  }

  /** Sends, then resolves with the next frame. */
  async roundTrip(data: unknown): Promise<Frame> {
    this.send(data);
    return this.next();
  }

  close(): void {
    this.ws.close();
  }
}
