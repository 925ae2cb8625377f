import { parseArgs } from "node:util";
import { COLLECTOR } from "@cc-otel/collector/names";
import { runDoctor } from "./doctor.js";
import { checkPanels, formatPanelLines } from "./panels.js";
import { formatReport } from "./report.js";
import { DEFAULT_ENDPOINTS as D, type StackEndpoints } from "./stack-checks.js";

const HELP = `Usage: cc-otel-doctor [options]

Checks Claude Code's telemetry configuration (environment, ~/.claude/settings.json, managed settings),
the stack's health, and sends a tagged probe through collector → Prometheus and → Loki.
Exit code 0 only when data would flow.

Endpoints (default: the local stack; each also from the environment variable shown):
  --otlp-grpc URL          collector OTLP/gRPC      CC_OTEL_DOCTOR_OTLP_GRPC          ${D.otlpGrpc}
  --otlp-http URL          collector OTLP/HTTP      CC_OTEL_DOCTOR_OTLP_HTTP          ${D.otlpHttp}
  --collector-health URL   collector health check   CC_OTEL_DOCTOR_COLLECTOR_HEALTH   ${D.collectorHealth}
  --collector-metrics URL  collector self-metrics   CC_OTEL_DOCTOR_COLLECTOR_METRICS  ${D.collectorMetrics}
  --prometheus URL         Prometheus               CC_OTEL_DOCTOR_PROMETHEUS         ${D.prometheus}
  --loki URL               Loki                     CC_OTEL_DOCTOR_LOKI               ${D.loki}
Panels:
  --panels                 instead of the checks above: run every dashboard panel's queries (PromQL and
                           LogQL) against Prometheus and Loki as Grafana sends them, one line per panel
                           (ok and its value, no data and the likely cause, or the backend's error);
                           exit 1 when a query errors
  --range RANGE            the dashboard time range for --panels (default 24h)
Other:
  --loki-readback auto|skip  skip: do not query Loki with LogQL (a stand-in without Loki's API);
                             check delivery to Loki's ingestion only and print a NOTE (default auto)
  --collector-job NAME     Prometheus job scraping the collector (default ${COLLECTOR.job})
  --home DIR               home directory with .claude/settings.json (default $HOME)
  --managed-settings FILE  managed settings file, and its managed-settings.d/ (default: the platform's path)
  --timeout SECONDS        wait this long for the probe in Prometheus/Loki (default 30)
  --no-probe               configuration and health checks only
  --json                   print the report as JSON
  -h, --help`;

const OPTIONS = {
  "otlp-grpc": { type: "string" },
  "otlp-http": { type: "string" },
  "collector-health": { type: "string" },
  "collector-metrics": { type: "string" },
  prometheus: { type: "string" },
  loki: { type: "string" },
  "loki-readback": { type: "string" },
  "collector-job": { type: "string" },
  home: { type: "string" },
  "managed-settings": { type: "string" },
  timeout: { type: "string" },
  "no-probe": { type: "boolean" },
  panels: { type: "boolean" },
  range: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function parse(argv: readonly string[]) {
  return parseArgs({ args: argv.filter((a) => a !== "--"), options: OPTIONS, strict: true });
}

export interface MainResult {
  readonly code: number;
  readonly output: string;
}

/** The CLI without process globals: arguments and environment in, exit code and text out. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<MainResult> {
  let values: ReturnType<typeof parse>["values"];
  try {
    ({ values } = parse(argv));
  } catch (err) {
    return { code: 2, output: `${(err as Error).message}\n\n${HELP}\n` };
  }
  if (values.help) return { code: 0, output: `${HELP}\n` };
  const pick = (flag: string | undefined, name: string) => flag ?? env[`CC_OTEL_DOCTOR_${name}`];
  const endpoints: Partial<StackEndpoints> = Object.fromEntries(
    (
      [
        ["otlpGrpc", pick(values["otlp-grpc"], "OTLP_GRPC")],
        ["otlpHttp", pick(values["otlp-http"], "OTLP_HTTP")],
        ["collectorHealth", pick(values["collector-health"], "COLLECTOR_HEALTH")],
        ["collectorMetrics", pick(values["collector-metrics"], "COLLECTOR_METRICS")],
        ["prometheus", pick(values.prometheus, "PROMETHEUS")],
        ["loki", pick(values.loki, "LOKI")],
      ] as const
    ).filter(([, v]) => v !== undefined && v !== ""),
  );
  const readback = values["loki-readback"] ?? env.CC_OTEL_DOCTOR_LOKI_READBACK ?? "auto";
  if (readback !== "auto" && readback !== "skip") {
    return { code: 2, output: `--loki-readback must be auto or skip, got ${readback}\n` };
  }
  const timeout = Number(values.timeout ?? 30);
  if (!Number.isFinite(timeout) || timeout <= 0) {
    return { code: 2, output: `--timeout must be a positive number of seconds, got ${values.timeout}\n` };
  }

  if (values.panels) {
    const range = values.range ?? "24h";
    if (!/^\d+[smhdwy]$/.test(range)) {
      return { code: 2, output: `--range must be a duration such as 24h or 7d, got ${range}\n` };
    }
    const lines = await checkPanels({
      prometheus: endpoints.prometheus ?? D.prometheus,
      loki: endpoints.loki ?? D.loki,
      range,
      lokiReadback: readback,
      timeoutMs: timeout * 1000,
    });
    return {
      code: lines.some((l) => l.status === "error") ? 1 : 0,
      output: values.json ? `${JSON.stringify(lines, null, 2)}\n` : formatPanelLines(lines),
    };
  }

  const report = await runDoctor({
    env,
    ...(values.home ? { home: values.home } : {}),
    ...(values["managed-settings"] ? { managedSettings: values["managed-settings"] } : {}),
    endpoints,
    ...(values["collector-job"] ? { collectorJob: values["collector-job"] } : {}),
    lokiReadback: readback,
    probe: !values["no-probe"],
    timeoutMs: timeout * 1000,
  });
  return {
    code: report.ok ? 0 : 1,
    output: values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report),
  };
}
