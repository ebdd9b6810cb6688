import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parsePorts } from "./compose-ports.js";

describe("parsePorts", () => {
  it("reads the short syntax: container only, host:container, ip:host:container, ip::container, ranges, protocols, IPv6", () => {
    assert.deepEqual(
      parsePorts([3000, "5180:80", "0.0.0.0:9443:443", "127.0.0.1::53/udp", "[::1]:8080:80"], "p"),
      [
        { containerPort: 3000, protocol: "tcp" },
        { containerPort: 80, protocol: "tcp", hostPort: 5180 },
        { containerPort: 443, protocol: "tcp", hostIp: "0.0.0.0", hostPort: 9443 },
        { containerPort: 53, protocol: "udp", hostIp: "127.0.0.1" },
        { containerPort: 80, protocol: "tcp", hostIp: "::1", hostPort: 8080 },
      ],
    );
    assert.deepEqual(parsePorts(["7000-7001:8000-8001"], "p"), [
      { containerPort: 8000, protocol: "tcp", hostPort: 7000 },
      { containerPort: 8001, protocol: "tcp", hostPort: 7001 },
    ]);
  });

  it("reads the long syntax", () => {
    assert.deepEqual(
      parsePorts([{ target: 80, published: "8080", host_ip: "127.0.0.1", protocol: "tcp" }], "p"),
      [{ containerPort: 80, protocol: "tcp", hostIp: "127.0.0.1", hostPort: 8080 }],
    );
    assert.deepEqual(parsePorts([{ target: 80 }], "p"), [{ containerPort: 80, protocol: "tcp" }]);
  });

  it("refuses what is not a port, naming it", () => {
    for (const bad of ["x", "80:80:80:80", "0", "70000", "80/icmp", "1-5000:1-5000", "10-1"]) {
      assert.throws(() => parsePorts([bad], "service a: ports"), /service a: ports/, bad);
    }
    assert.throws(() => parsePorts([{ target: 80, mystery: 1 }], "p"), /mystery not supported/);
    assert.throws(() => parsePorts("80:80", "p"), /must be a list/);
  });
});
