import {
  create,
  createRegistry,
  type DescFile,
  type MessageInitShape,
  type Registry,
} from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { v1, v1alpha } from "@ddbridge/proto/reflection";
import { fileContainingSymbol, filesByName, fileWithDependencies } from "./file-registry-lookup.js";

type Request = v1.ServerReflectionRequest | v1alpha.ServerReflectionRequest;
type Answer = MessageInitShape<typeof v1.ServerReflectionResponseSchema>["messageResponse"];

const NOT_FOUND = 5;
const UNIMPLEMENTED = 12;

/**
 * Server reflection (`grpc.reflection.v1` and `v1alpha`), so `grpcurl list`
 * and `describe` work without the .proto files. connect-es v2 has no
 * maintained reflection package; this answers from the generated descriptors.
 */
export function createReflectionServices(files: DescFile[], serviceNames: string[]) {
  const registry = createRegistry(...files);
  const byName = filesByName(files);
  const answer = (req: Request): Answer => reflect(registry, byName, serviceNames, req);
  const v1Impl: ServiceImpl<typeof v1.ServerReflection> = {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) {
        yield create(v1.ServerReflectionResponseSchema, {
          validHost: req.host,
          originalRequest: req,
          messageResponse: answer(req),
        });
      }
    },
  };
  const v1alphaImpl: ServiceImpl<typeof v1alpha.ServerReflection> = {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) {
        yield create(v1alpha.ServerReflectionResponseSchema, {
          validHost: req.host,
          originalRequest: req,
          // v1alpha's messages have the same fields as v1's.
          messageResponse: answer(req) as MessageInitShape<
            typeof v1alpha.ServerReflectionResponseSchema
          >["messageResponse"],
        });
      }
    },
  };
  return { v1: v1Impl, v1alpha: v1alphaImpl };
}

function reflect(
  registry: Registry,
  byName: Map<string, DescFile>,
  serviceNames: string[],
  req: Request,
): Answer {
  const m = req.messageRequest;
  const error = (errorCode: number, errorMessage: string): Answer => ({
    case: "errorResponse",
    value: { errorCode, errorMessage },
  });
  const files = (file: DescFile | undefined, what: string): Answer =>
    file
      ? {
          case: "fileDescriptorResponse",
          value: { fileDescriptorProto: fileWithDependencies(file) },
        }
      : error(NOT_FOUND, `${what} not found`);
  switch (m.case) {
    case "listServices":
      return {
        case: "listServicesResponse",
        value: { service: serviceNames.map((name) => ({ name })) },
      };
    case "fileByFilename":
      return files(byName.get(m.value), `file ${m.value}`);
    case "fileContainingSymbol":
      return files(fileContainingSymbol(registry, m.value), `symbol ${m.value}`);
    case "fileContainingExtension": {
      const message = registry.getMessage(m.value.containingType);
      const ext = message ? registry.getExtensionFor(message, m.value.extensionNumber) : undefined;
      return files(ext?.file, `extension ${m.value.extensionNumber} of ${m.value.containingType}`);
    }
    case "allExtensionNumbersOfType": {
      if (!registry.getMessage(m.value)) return error(NOT_FOUND, `type ${m.value} not found`);
      const numbers: number[] = [];
      for (const t of registry) {
        if (t.kind === "extension" && t.extendee.typeName === m.value) numbers.push(t.number);
      }
      return {
        case: "allExtensionNumbersResponse",
        value: { baseTypeName: m.value, extensionNumber: numbers },
      };
    }
    default:
      return error(UNIMPLEMENTED, "unsupported reflection request");
  }
}
