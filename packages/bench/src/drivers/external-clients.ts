import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { ExternalClients } from "./http-matrix.js";

/**
 * Builds the Go load program and finds the Python venv, from the
 * repository's examples; what is missing is left out (n/a in the table).
 */
export async function externalClients(dir: string, root: string): Promise<ExternalClients> {
  const clients: ExternalClients = {};
  try {
    const bin = join(dir, "go-load");
    await promisify(execFile)("go", ["build", "-o", bin, "./cmd/load"], {
      cwd: join(root, "examples/go-client"),
    });
    clients["Go grpc-go"] = [bin];
  } catch (err) {
    process.stderr.write(`bench: no Go client (${String(err).split("\n")[0]})\n`);
  }
  const python =
    process.env.DDBRIDGE_PYTHON ?? join(root, "examples/python-client/.venv/bin/python");
  if (existsSync(python))
    clients["Python grpcio"] = [python, join(root, "examples/python-client/load.py")];
  return clients;
}
