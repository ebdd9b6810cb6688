import { type DescFile, type Registry, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";

/**
 * Serialized FileDescriptorProtos for `file` and everything it imports,
 * dependencies included once, as server reflection clients expect.
 */
export function fileWithDependencies(file: DescFile): Uint8Array[] {
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  const visit = (f: DescFile) => {
    if (seen.has(f.name)) return;
    seen.add(f.name);
    out.push(toBinary(FileDescriptorProtoSchema, f.proto));
    for (const dep of f.dependencies) visit(dep);
  };
  visit(file);
  return out;
}

/**
 * The file declaring a fully-qualified symbol: a message, enum, service,
 * extension, or a service method ("pkg.Service.Method").
 */
export function fileContainingSymbol(registry: Registry, symbol: string): DescFile | undefined {
  const direct = registry.get(symbol);
  if (direct) return direct.file;
  const dot = symbol.lastIndexOf(".");
  if (dot > 0) {
    const parent = registry.get(symbol.slice(0, dot));
    if (
      parent?.kind === "service" &&
      parent.methods.some((m) => m.name === symbol.slice(dot + 1))
    ) {
      return parent.file;
    }
    if (parent?.kind === "message" && parent.fields.some((f) => f.name === symbol.slice(dot + 1))) {
      return parent.file;
    }
  }
  return undefined;
}

/** Every file of `files` and their imports, by .proto file name ("ddbridge/v1/exec.proto"; `DescFile.name` lacks the suffix). */
export function filesByName(files: DescFile[]): Map<string, DescFile> {
  const map = new Map<string, DescFile>();
  const visit = (f: DescFile) => {
    if (map.has(f.proto.name)) return;
    map.set(f.proto.name, f);
    for (const dep of f.dependencies) visit(dep);
  };
  for (const f of files) visit(f);
  return map;
}
