import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import {
  type Exec,
  messageQueue,
  OutputStream,
  type SessionRequest,
  SessionRequestSchema,
  type SessionResponse,
} from "@ddbridge/client";

/** The caller's side of one `Exec.Session`: push messages, read output as it comes. */
export interface TestSession {
  send(event: MessageInitShape<typeof SessionRequestSchema>["event"]): void;
  /** Ends the request stream (the caller's half-close). */
  finish(): void;
  /** Resolves once stdout holds `text` (or rejects after `ms`). */
  waitFor(text: string | RegExp, ms?: number): Promise<string>;
  stdout(): Buffer;
  stderr(): Buffer;
  /** The close event, or the call's error. */
  done: Promise<{ exitCode: number; signal: string } | undefined>;
  /** How many request messages the transport has taken so far. */
  taken(): number;
}

/** Opens a session whose requests come from {@link TestSession.send}. */
export function openSession(
  exec: Client<typeof Exec>,
  start: MessageInitShape<typeof SessionRequestSchema>["event"],
  options: { signal?: AbortSignal } = {},
): TestSession {
  const queue = messageQueue<SessionRequest>();
  queue.push(create(SessionRequestSchema, { event: start }));
  let taken = 0;
  async function* requests(): AsyncGenerator<SessionRequest> {
    for await (const request of queue) {
      taken++;
      yield request;
    }
  }
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let onOutput = () => {};
  const done = (async () => {
    for await (const res of exec.session(requests(), options) as AsyncIterable<SessionResponse>) {
      if (res.event.case === "output") {
        const data = Buffer.from(res.event.value.data);
        (res.event.value.stream === OutputStream.STDERR ? err : out).push(data);
        onOutput();
      } else if (res.event.case === "close") {
        return { exitCode: res.event.value.exitCode, signal: res.event.value.signal };
      }
    }
    return undefined;
  })();
  done.catch(() => {});
  return {
    send(event) {
      queue.push(create(SessionRequestSchema, { event }));
    },
    finish() {
      queue.end();
    },
    stdout: () => Buffer.concat(out),
    stderr: () => Buffer.concat(err),
    done,
    taken: () => taken,
    waitFor(text, ms = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${text} in ${JSON.stringify(Buffer.concat(out).toString())}`)),
          ms,
        );
        const check = () => {
          const s = Buffer.concat(out).toString();
          if (typeof text === "string" ? s.includes(text) : text.test(s)) {
            clearTimeout(timer);
            resolve(s);
            return true;
          }
          return false;
        };
        if (check()) return;
        const previous = onOutput;
        onOutput = () => {
          previous();
          if (check()) onOutput = previous;
        };
        done.then(
          () => check(),
          () => {},
        );
      });
    },
  };
}
