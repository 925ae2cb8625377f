import { fileURLToPath } from "node:url";
import Long from "long";
import protobuf from "protobufjs";

/**
 * The official OTLP protobuf schema, parsed from the .proto files vendored in ../proto (see
 * proto/README.md for their origin). Parsing the real definitions rather than hand-writing a
 * decoder means a field the sink mis-reads is a bug in protobufjs, not in a copy of the spec.
 */

// 64-bit fields (timestamps, int values) must decode to Long, not lossy JS numbers.
protobuf.util.Long = Long;
protobuf.configure();

const PROTO_DIR = fileURLToPath(new URL("../proto/", import.meta.url));

const ENTRY_FILES = [
  "opentelemetry/proto/collector/metrics/v1/metrics_service.proto",
  "opentelemetry/proto/collector/logs/v1/logs_service.proto",
  "opentelemetry/proto/collector/trace/v1/trace_service.proto",
];

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  // Imports in the .proto files are relative to the proto root, like protoc's -I.
  root.resolvePath = (_origin, target) => `${PROTO_DIR}${target}`;
  root.loadSync(ENTRY_FILES);
  root.resolveAll();
  return root;
}

const root = loadRoot();

export interface ServiceMethod {
  /** gRPC path, e.g. /opentelemetry.proto.collector.metrics.v1.MetricsService/Export */
  readonly path: string;
  readonly request: protobuf.Type;
  readonly response: protobuf.Type;
}

function exportMethod(serviceName: string): ServiceMethod {
  const service = root.lookupService(serviceName);
  const method = service.methods.Export;
  if (!method?.resolvedRequestType || !method.resolvedResponseType) {
    throw new Error(`${serviceName}.Export missing from the vendored .proto files`);
  }
  return {
    path: `/${service.fullName.replace(/^\./, "")}/${method.name}`,
    request: method.resolvedRequestType,
    response: method.resolvedResponseType,
  };
}

export const METRICS_SERVICE = exportMethod("opentelemetry.proto.collector.metrics.v1.MetricsService");
export const LOGS_SERVICE = exportMethod("opentelemetry.proto.collector.logs.v1.LogsService");
export const TRACES_SERVICE = exportMethod("opentelemetry.proto.collector.trace.v1.TraceService");

/**
 * google.rpc.Status, the body OTLP/HTTP error responses carry. Declared here (three fields) rather
 * than vendoring googleapis for it.
 */
export const RPC_STATUS = new protobuf.Type("Status")
  .add(new protobuf.Field("code", 1, "int32"))
  .add(new protobuf.Field("message", 2, "string"));
new protobuf.Root().define("google.rpc").add(RPC_STATUS);
