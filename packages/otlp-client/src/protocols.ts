import { CLI_DEFAULTS } from "@cc-otel/contract";

/** The OTLP transports the OpenTelemetry specification names for OTEL_EXPORTER_OTLP_PROTOCOL. */
export const PROTOCOLS = ["grpc", "http/protobuf", "http/json"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const SIGNALS = ["metrics", "logs", "traces"] as const;
export type Signal = (typeof SIGNALS)[number];

/**
 * Where an exporter sends when nothing is configured: localhost on the protocol's well-known port.
 * The ports are the contract's, so a change there reaches every sender and the doctor's checks.
 */
export function defaultBaseEndpoint(protocol: Protocol): string {
  return `http://localhost:${CLI_DEFAULTS.otlpPorts[protocol]}`;
}

/**
 * The URL one signal is sent to from a base endpoint (OTEL_EXPORTER_OTLP_ENDPOINT): over HTTP the
 * specification appends `v1/<signal>` to the base path; gRPC takes the endpoint as it is (only
 * scheme, host and port matter to it).
 */
export function signalUrlFromBase(base: string, protocol: Protocol, signal: Signal): string {
  if (protocol === "grpc") return base;
  return `${base.replace(/\/+$/, "")}/v1/${signal}`;
}

/** The URL a signal goes to when no endpoint variable is set. */
export function defaultSignalUrl(protocol: Protocol, signal: Signal): string {
  return signalUrlFromBase(defaultBaseEndpoint(protocol), protocol, signal);
}
