import { type OtlpSink, startOtlpSink } from "@cc-otel/otlp-sink";

/**
 * Real Loki cannot be built on this machine: its Go module is AGPL-licensed and this workplace
 * does not allow it. The harness therefore stands an OTLP receiver at Loki's ingestion path
 * (`/otlp/v1/logs`): the collector's exporter, queue and retry path are the real ones, and the
 * events are checked exactly as Loki would receive them. LogQL queries cannot be run against it.
 * Every run says so loudly; nothing here pretends to be Loki's query API.
 */
export interface LokiStandIn {
  readonly kind: "stand-in";
  /** Base URL to configure as CC_OTEL_LOKI_OTLP_URL (the exporter appends /v1/logs). */
  readonly otlpUrl: string;
  readonly sink: OtlpSink;
  close(): Promise<void>;
}

/**
 * `bearerToken`: refuse (401) every request without `Authorization: Bearer <token>`, as Loki behind an
 * authenticating gateway or a hosted Loki does. Every request's headers are kept (`sink.requests`), so
 * a test can read the tenant (X-Scope-OrgID) and credentials the collector sent. `retain: false`
 * counts the events without keeping them (benchmarks with millions of events).
 */
export async function startLokiStandIn(
  opts: { bearerToken?: string; retain?: boolean } = {},
): Promise<LokiStandIn> {
  const sink = await startOtlpSink({
    grpcPort: false,
    httpPort: 0,
    httpPathPrefix: "/otlp",
    retain: opts.retain ?? true,
    ...(opts.bearerToken === undefined ? {} : { bearerToken: opts.bearerToken }),
  });
  return {
    kind: "stand-in",
    otlpUrl: sink.httpEndpoint,
    sink,
    close: () => sink.close(),
  };
}
