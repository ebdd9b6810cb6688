import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

/** What a BuildKit status message (moby.buildkit.v1.StatusResponse) says, as text. */
export interface BuildkitStatus {
  /** Steps by digest: their name, and an error when one failed. */
  vertexes: Array<{ digest: string; name: string; error: string }>;
  /** Output of the steps' commands, in order. */
  logs: string[];
}

/**
 * Decodes the `aux` of a `moby.buildkit.trace` build event (base64 of a
 * StatusResponse) into step names, errors and command output. Written here
 * on @bufbuild/protobuf's wire reader because dockerode's decoder turns the
 * log bytes into base64 text (measured: a step's "about to fail" came out as
 * "YWJvdXQgdG8gZmFpbAo="); only the fields a build log needs are read.
 */
export function decodeBuildkitStatus(aux: string): BuildkitStatus {
  const status: BuildkitStatus = { vertexes: [], logs: [] };
  const reader = new BinaryReader(Buffer.from(aux, "base64"));
  while (reader.pos < reader.len) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.LengthDelimited) {
      status.vertexes.push(vertex(reader.bytes()));
    } else if (field === 3 && wire === WireType.LengthDelimited) {
      status.logs.push(vertexLog(reader.bytes()));
    } else {
      reader.skip(wire);
    }
  }
  return status;
}

/** moby.buildkit.v1.Vertex: digest = 1, name = 3, error = 7. */
function vertex(bytes: Uint8Array) {
  const v = { digest: "", name: "", error: "" };
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.LengthDelimited) v.digest = reader.string();
    else if (field === 3 && wire === WireType.LengthDelimited) v.name = reader.string();
    else if (field === 7 && wire === WireType.LengthDelimited) v.error = reader.string();
    else reader.skip(wire);
  }
  return v;
}

/** moby.buildkit.v1.VertexLog: msg = 4. */
function vertexLog(bytes: Uint8Array): string {
  let msg = "";
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wire] = reader.tag();
    if (field === 4 && wire === WireType.LengthDelimited)
      msg += Buffer.from(reader.bytes()).toString("utf8");
    else reader.skip(wire);
  }
  return msg;
}
