import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { type IngestPolicy, ingest, successResponse } from "./ingest.js";
import { RPC_STATUS } from "./proto-schema.js";
import { grpcCodeFor, SinkRejection } from "./status.js";
import type { SinkStore } from "./store.js";
import type { OtlpSignal, OtlpTransport } from "./types.js";

/**
 * OTLP/HTTP: POST {prefix}/v1/metrics, /v1/logs and /v1/traces, protobuf or JSON, optionally gzip.
 * The prefix lets the sink stand where a backend mounts its OTLP endpoint (Loki: /otlp/v1/logs).
 * Errors carry a google.rpc.Status body in the request's own encoding, as the OTLP spec asks.
 */

const gunzipAsync = promisify(gunzip);

type Format = "protobuf" | "json";

function formatOf(contentType: string | undefined): Format | undefined {
  const mime = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (mime === "application/x-protobuf" || mime === "application/protobuf") return "protobuf";
  if (mime === "application/json") return "json";
  return undefined;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new SinkRejection(413, `request body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function decompress(body: Buffer, encoding: string, limit: number): Promise<Buffer> {
  if (encoding === "identity") return body;
  if (encoding !== "gzip") {
    throw new SinkRejection(415, `content-encoding '${encoding}' is not supported: send gzip or none`);
  }
  try {
    return await gunzipAsync(body, { maxOutputLength: limit });
  } catch (e) {
    throw new SinkRejection(
      400,
      `content-encoding is gzip but the body does not gunzip: ${(e as Error).message}`,
    );
  }
}

function send(res: ServerResponse, status: number, format: Format, body: Uint8Array | string): void {
  res.writeHead(status, {
    "content-type": format === "json" ? "application/json" : "application/x-protobuf",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

function sendError(res: ServerResponse, format: Format, rejection: SinkRejection): void {
  const status = { code: grpcCodeFor(rejection.httpStatus), message: rejection.message };
  const body =
    format === "json" ? JSON.stringify(status) : RPC_STATUS.encode(RPC_STATUS.create(status)).finish();
  if (rejection.httpStatus === 429 || rejection.httpStatus === 503) res.setHeader("retry-after", "1");
  send(res, rejection.httpStatus, format, body);
}

export interface HttpReceiver {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHttpReceiver(
  port: number,
  pathPrefix: string,
  maxBodyBytes: number,
  store: SinkStore,
  policy: IngestPolicy,
): Promise<HttpReceiver> {
  const prefix = pathPrefix.replace(/\/+$/, "");
  const routes: Readonly<Record<string, OtlpSignal>> = {
    [`${prefix}/v1/metrics`]: "metrics",
    [`${prefix}/v1/logs`]: "logs",
    [`${prefix}/v1/traces`]: "traces",
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const signal = routes[path];
    const format = formatOf(req.headers["content-type"]) ?? "json";
    try {
      if (!signal) {
        throw new SinkRejection(
          404,
          `no OTLP endpoint at ${path}: POST to ${Object.keys(routes).join(", ")}`,
        );
      }
      if (req.method !== "POST") {
        res.setHeader("allow", "POST");
        throw new SinkRejection(405, `${req.method} ${path}: OTLP/HTTP takes POST only`);
      }
      if (!formatOf(req.headers["content-type"])) {
        throw new SinkRejection(
          415,
          `content-type '${req.headers["content-type"] ?? ""}' is not OTLP: send application/x-protobuf or application/json`,
        );
      }
      const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase() || "identity";
      const raw = await readBody(req, maxBodyBytes);
      const body = await decompress(raw, encoding, maxBodyBytes);
      const transport: OtlpTransport = format === "json" ? "http/json" : "http/protobuf";
      ingest(store, policy, {
        signal,
        transport,
        headers: headersOf(req),
        encoding,
        body: format === "json" ? body.toString("utf8") : body,
      });
      const ok = successResponse(signal);
      send(res, 200, format, format === "json" ? "{}" : ok);
    } catch (e) {
      sendError(res, format, e instanceof SinkRejection ? e : new SinkRejection(500, (e as Error).message));
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e) =>
      reject(new Error(`cannot listen for OTLP/HTTP on 127.0.0.1:${port}: ${e.message}`)),
    );
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
