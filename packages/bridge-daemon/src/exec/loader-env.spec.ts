import assert from "node:assert/strict";
import { it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { refuseLoaderEnv } from "./loader-env.js";

it("refuses the loader's variables by name, and nothing else", () => {
  for (const name of [
    "LD_PRELOAD",
    "LD_LIBRARY_PATH",
    "LD_AUDIT",
    "DYLD_INSERT_LIBRARIES",
    "ld_preload",
  ]) {
    assert.throws(
      () => refuseLoaderEnv({ A: "1", [name]: "/tmp/x.so" }),
      (e) =>
        e instanceof ConnectError && e.code === Code.InvalidArgument && e.rawMessage.includes(name),
    );
  }
  refuseLoaderEnv({ PATH: "/bin", OLD_PWD: "/", MY_LD_THING: "1", LANG: "C" });
});
