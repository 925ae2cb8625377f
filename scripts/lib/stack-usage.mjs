// What `pnpm stack:up` prints once the stack is healthy: the URLs and the Claude Code settings to
// paste, following stack/.env — a stack serving OTLP over TLS or behind a token needs other
// settings than the default, and settings that do not match are the top cause of "no data".

/**
 * @param {{ bind: string, tls: boolean, auth: boolean }} s CC_OTEL_BIND, CC_OTEL_RECEIVER_TLS=tls,
 *   CC_OTEL_RECEIVER_AUTH=auth
 * @returns {string}
 */
export function usageText({ bind, tls, auth }) {
  const host = bind === "0.0.0.0" ? "<this-host>" : "127.0.0.1";
  const otlp = tls ? "https" : "http";
  // Over TLS, Claude Code's gRPC exporter connects to a host name only (never an IP address), and
  // its HTTP exporters ignore OTEL_EXPORTER_OTLP_CERTIFICATE: measured with the real CLI
  // (packages/e2e/test/exporter-errors-real-cli.test.ts).
  const otlpHost = tls && host === "127.0.0.1" ? "localhost" : host;
  const extra = [
    ...(tls
      ? [
          "  # certificate from a private CA (stack/tls/README.md): the CA that signed it",
          "  export NODE_EXTRA_CA_CERTS=/path/to/ca.crt",
        ]
      : []),
    ...(auth
      ? [
          '  export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer <CC_OTEL_RECEIVER_TOKEN from stack/.env>"',
        ]
      : []),
  ];
  return `
cc-otel stack is up.
  Grafana      http://${host}:3000   (user admin, password in stack/.env)
  Prometheus   http://${host}:9090
  Loki         http://${host}:3100
  OTLP         gRPC ${otlp}://${otlpHost}:4317   HTTP ${otlp}://${otlpHost}:4318${tls ? "   (TLS only; the certificate must name the host)" : ""}${auth ? "   (bearer token required)" : ""}

Point Claude Code at it (shell profile, or the "env" block of ~/.claude/settings.json):
  export CLAUDE_CODE_ENABLE_TELEMETRY=1
  export OTEL_METRICS_EXPORTER=otlp
  export OTEL_LOGS_EXPORTER=otlp
  export OTEL_EXPORTER_OTLP_PROTOCOL=grpc
  export OTEL_EXPORTER_OTLP_ENDPOINT=${otlp}://${otlpHost}:4317
${extra.length ? `${extra.join("\n")}\n` : ""}
No Claude Code at hand? pnpm simulate --backfill 7d   (then: pnpm simulate)`;
}
