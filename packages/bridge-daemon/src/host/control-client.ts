import * as http from "node:http";
import { socketAccepts } from "../process/wait-for-socket.js";
import { type ControlAnswer, controlSocketPath } from "./control-socket.js";

/** Whether a host runs in `home` (its control socket answers). */
export function hostRunning(home: string): Promise<boolean> {
  return socketAccepts(controlSocketPath(home));
}

/** One control call to the host running in `home`; rejects with its message when refused. */
export function askHost(
  home: string,
  method: string,
  path: string,
  body?: object,
): Promise<ControlAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        socketPath: controlSocketPath(home),
        method,
        path,
        headers: { "content-type": "application/json" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          let answer: ControlAnswer;
          try {
            answer = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ControlAnswer;
          } catch {
            return reject(new Error(`the host answered ${res.statusCode} without JSON`));
          }
          if (res.statusCode === 200) return resolve(answer);
          reject(
            Object.assign(new Error(answer.message ?? `the host answered ${res.statusCode}`), {
              log: answer.log,
            }),
          );
        });
      },
    );
    req.on("error", reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}
