import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { PROCESSOR } from "@cc-otel/collector/names";
import { collectorBinary } from "@cc-otel/harness";
import { parse, stringify } from "yaml";
import {
  type BenchCollector,
  describePipelines,
  memoryMiB,
  mergedConfig,
  type Variant,
  validate,
  variants,
} from "./collector.js";
import type { Signal } from "./load.js";
import {
  f2,
  fmt,
  interleave,
  type Running,
  reportFailures,
  startAll,
  stopAll,
  type ThroughputOptions,
  total,
  UNIT,
  uptime,
} from "./throughput.js";

/**
 * Anchors side by side: the same CLI-shaped load as `throughput`, through the collector configs
 * other Claude Code observability kits publish, run by OUR collector binary, and through ours.
 * Every exporter becomes `nop` (as in `throughput`), so only collector work is measured. The
 * configs are kept verbatim as fixtures in packages/bench/anchors/ (source, commit and licence in
 * each header); what they use that our build lacks is reported and substituted here.
 */

export interface Anchor {
  readonly title: string;
  readonly file: string;
}

const ANCHOR_DIR = new URL("../anchors/", import.meta.url).pathname;

export const ANCHORS: readonly Anchor[] = [
  { title: "ColeMurray/claude-code-otel", file: join(ANCHOR_DIR, "colemurray-claude-code-otel.yaml") },
  {
    title: "anthropics/claude-code-monitoring-guide",
    file: join(ANCHOR_DIR, "claude-code-monitoring-guide.yaml"),
  },
];

const KINDS = ["receivers", "processors", "exporters", "connectors", "extensions"] as const;
type Kind = (typeof KINDS)[number];
type Components = Record<Kind, ReadonlySet<string>>;

/** The component types our collector binary was built with (`otelcol components`). */
export function ourComponents(): Components {
  const out = parse(execFileSync(collectorBinary(), ["components"], { encoding: "utf8" })) as Partial<
    Record<Kind, { name: string }[]>
  >;
  return Object.fromEntries(
    KINDS.map((k) => [k, new Set((out[k] ?? []).map((c) => c.name))]),
  ) as unknown as Components;
}

/**
 * Whether our binary knows a component type. `otelcol components` lists canonical names only; a
 * deprecated alias (the anchors' `otlphttp`, now `otlp_http`) is still accepted, so a type missing
 * from the list is asked of the collector itself: `validate` on a config declaring just that
 * component fails with "unknown type" only if the build lacks it.
 */
function knows(have: Components, kind: Kind, type: string, dir: string): boolean {
  if (have[kind].has(type)) return true;
  const file = join(dir, `probe-${kind}-${type.replace(/[^a-z0-9_]+/gi, "_")}.yaml`);
  writeFileSync(
    file,
    stringify({
      [kind]: { [type]: {} },
      receivers: { ...(kind === "receivers" ? { [type]: {} } : {}), [NOP]: {} },
      exporters: { ...(kind === "exporters" ? { [type]: {} } : {}), [NOP]: {} },
      service: { pipelines: { logs: { receivers: [NOP], exporters: [NOP] } } },
    }),
  );
  try {
    execFileSync(collectorBinary(), ["validate", `--config=${file}`], { stdio: ["ignore", "pipe", "pipe"] });
    return true;
  } catch (err) {
    const text = String((err as { stderr?: Buffer }).stderr ?? "");
    return !text.includes(`unknown type: "${type}"`);
  }
}

/** `type[/name]` -> type. */
const typeOf = (id: string) => id.split("/")[0] as string;
/** The OTLP receiver's component type (the anchors' receivers are ids of this type). */
const OTLP_TYPE = "otlp";
const NOP = "nop";
/** `${env:NAME}` in a collector config: the variables collector.ts sets for every benchmark collector. */
const envRef = (name: string) => `\${env:${name}}`;

type Config = Record<string, unknown> & {
  service: {
    pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }>;
    extensions?: string[];
    telemetry?: Record<string, unknown>;
  };
} & Partial<Record<Kind, Record<string, unknown>>>;

export interface PreparedAnchor {
  readonly anchor: Anchor;
  readonly variant: Variant;
  /** The anchor's components our build lacks, as `kind: id`. */
  readonly missing: readonly string[];
  /** What was changed to run it here, one line each. */
  readonly changes: readonly string[];
  /** The signals it has an OTLP pipeline for (the load sends only these). */
  readonly signals: readonly Signal[];
  /** The anchor's config as changed, as written to `variant.base`. */
  readonly config: Config;
}

/**
 * The anchor's config as this benchmark runs it, written to `dir`: every exporter replaced by one
 * `nop`; OTLP listen endpoints and the self-metrics reader moved to the benchmark's ports (the same
 * environment variables config.yaml reads); components our build lacks reported and, where that
 * is possible without changing what is measured, removed. Processors, connectors and pipelines are
 * otherwise the anchor's own.
 */
export function prepareAnchor(
  anchor: Anchor,
  dir: string,
  have: Components = ourComponents(),
): PreparedAnchor {
  const cfg = parse(readFileSync(anchor.file, "utf8")) as Config;
  const missing: string[] = [];
  const changes: string[] = [];
  const lacks = new Set<string>();
  for (const kind of KINDS)
    for (const id of Object.keys(cfg[kind] ?? {}))
      if (!knows(have, kind, typeOf(id), dir)) {
        missing.push(`${kind.slice(0, -1)} ${id}`);
        lacks.add(`${kind}:${id}`);
      }

  const connectors = new Set(Object.keys(cfg.connectors ?? {}));
  const exporters = Object.keys(cfg.exporters ?? {});
  cfg.exporters = { [NOP]: {} };
  for (const p of Object.values(cfg.service.pipelines))
    p.exporters = [...new Set(p.exporters.map((e) => (connectors.has(e) ? e : NOP)))];
  changes.push(`exporters ${exporters.join(", ")} -> ${NOP} (only the collector's own work is measured)`);

  for (const id of Object.keys(cfg.processors ?? {}))
    if (lacks.has(`processors:${id}`)) {
      // No equivalent to substitute generically: the pipelines run without it, and the output says so.
      delete cfg.processors?.[id];
      for (const p of Object.values(cfg.service.pipelines))
        p.processors = (p.processors ?? []).filter((x) => x !== id);
      changes.push(`processor ${id} REMOVED: not in our build (no substitute)`);
    }
  for (const id of Object.keys(cfg.extensions ?? {}))
    if (lacks.has(`extensions:${id}`)) {
      delete cfg.extensions?.[id];
      cfg.service.extensions = (cfg.service.extensions ?? []).filter((x) => x !== id);
      changes.push(`extension ${id} REMOVED: not in our build (not in the data path)`);
    }
  for (const kind of ["receivers", "connectors"] as const)
    for (const id of Object.keys(cfg[kind] ?? {}))
      if (lacks.has(`${kind}:${id}`))
        throw new Error(`${anchor.title}: ${kind.slice(0, -1)} ${id} is not in our build; cannot run it`);

  const otlp = Object.keys(cfg.receivers ?? {}).filter((id) => typeOf(id) === OTLP_TYPE);
  if (otlp.length !== 1) throw new Error(`${anchor.title}: expected one OTLP receiver, found ${otlp.length}`);
  const receiver = (cfg.receivers?.[otlp[0] as string] ?? {}) as {
    protocols?: { grpc?: Record<string, unknown>; http?: Record<string, unknown> };
  };
  receiver.protocols = {
    ...receiver.protocols,
    grpc: { ...receiver.protocols?.grpc, endpoint: envRef("CC_OTEL_OTLP_GRPC_ENDPOINT") },
    http: { ...receiver.protocols?.http, endpoint: envRef("CC_OTEL_OTLP_HTTP_ENDPOINT") },
  };
  changes.push(`${otlp[0]} receiver: listens on the benchmark's ports`);

  cfg.service.telemetry ??= {};
  const telemetry = cfg.service.telemetry;
  telemetry.metrics = {
    ...(telemetry.metrics as Record<string, unknown> | undefined),
    readers: [
      {
        pull: {
          exporter: {
            prometheus: {
              host: envRef("CC_OTEL_SELF_METRICS_HOST"),
              port: envRef("CC_OTEL_SELF_METRICS_PORT"),
            },
          },
        },
      },
    ],
  };
  changes.push("self-metrics (service.telemetry.metrics) on the benchmark's port, read for the rates");

  const signals = (["metrics", "logs"] as const).filter((s) =>
    Object.entries(cfg.service.pipelines).some(
      ([name, p]) => typeOf(name) === s && p.receivers.some((r) => otlp.includes(r)),
    ),
  );
  const file = join(dir, `anchor-${anchor.title.replace(/[^a-z0-9-]+/gi, "_")}.yaml`);
  writeFileSync(file, stringify(cfg));
  return {
    anchor,
    variant: { name: anchor.title, base: file, overlays: [] },
    missing,
    changes,
    signals,
    config: cfg,
  };
}

/** What the collector answers an empty OTLP/HTTP request for `signal` with (200 if it takes it). */
async function answer(c: BenchCollector, signal: Signal): Promise<string> {
  const res = await fetch(`${c.httpEndpoint}/v1/${signal}`, {
    method: "POST",
    headers: { "content-type": "application/x-protobuf" },
    body: new Uint8Array(0),
  });
  await res.arrayBuffer();
  return `HTTP ${res.status}`;
}

export async function anchors(o: ThroughputOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "cc-otel-bench-anchors-"));
  try {
    const v = variants(dir);
    const have = ourComponents();
    const prepared = ANCHORS.map((a) => prepareAnchor(a, dir, have));
    console.log(`\n## Anchors side by side: their collector configs and ours (nproc ${cpus().length})`);
    console.log(
      `${o.concurrency} concurrent OTLP/HTTP protobuf senders, ${o.sessionsPerRequest} Claude Code session(s) per request; per signal: ${o.warmupS} s warm-up per collector, then ${o.rounds} rounds of one ${o.slotS} s slot per collector, alternating`,
    );
    console.log(`collector binary (all of them): ${collectorBinary()}`);
    for (const x of [v.full, v.passThrough]) {
      const err = validate(x.overlays);
      if (err) throw new Error(`${x.name} config invalid: ${err}`);
      console.log(`${x.name === v.full.name ? "ours" : "pass-through (reference)"}:`);
      for (const l of describePipelines(mergedConfig(x.overlays).service.pipelines)) console.log(`  ${l}`);
    }
    for (const p of prepared) {
      const err = validate([], p.variant.base);
      if (err) throw new Error(`${p.anchor.title}: config invalid: ${err}`);
      console.log(`${p.anchor.title} (${p.anchor.file}):`);
      console.log(`  not in our build: ${p.missing.length ? p.missing.join(", ") : "nothing"}`);
      for (const c of p.changes) console.log(`  changed: ${c}`);
      for (const l of describePipelines(mergedConfig([], p.variant.base).service.pipelines))
        console.log(`  ${l}`);
    }

    const ours: Variant = { ...v.full, name: "ours" };
    const pass: Variant = { ...v.passThrough, name: "pass-through" };
    const signalsOf = new Map<Variant, readonly Signal[]>([
      [ours, ["metrics", "logs"]],
      [pass, ["metrics", "logs"]],
      ...prepared.map((p) => [p.variant, p.signals] as const),
    ]);
    console.log(`uptime at start: ${uptime()}`);
    console.log(
      "per round: items/s (x ours) [CPU cores: collector under load/load generator/idle bench collectors/everything else on the machine]",
    );
    const running = await startAll([...signalsOf.keys()], o, (x) => signalsOf.get(x) ?? []);
    const ref = running[0] as Running;
    const peak = new Map<Running, number>();
    try {
      for (const r of running)
        for (const s of ["metrics", "logs"] as const)
          if (!r.loads[s])
            console.log(
              `  ${r.variant.name}: ${s} not sent (no ${s} pipeline; an empty OTLP/HTTP ${s} request is answered ${await answer(r.collector, s)})`,
            );
      for (const signal of ["metrics", "logs"] as const)
        await interleave(
          running.filter((r) => r.loads[signal]),
          signal,
          o,
          ref,
          running,
        );
      for (const r of running) peak.set(r, memoryMiB(r.collector.pid).hwm);
    } finally {
      await stopAll(running);
    }
    console.log(`uptime at end: ${uptime()}`);

    const oursM = total(ref.slots.metrics);
    const oursL = total(ref.slots.logs);
    const cell = (slots: Running["slots"][Signal], base: ReturnType<typeof total>) => {
      if (!slots.length) return { perCpu: "—", ratio: "—", rate: "—", cores: "—" };
      const t = total(slots);
      return {
        perCpu: fmt(t.perCpuSecond),
        ratio: f2(t.perCpuSecond / base.perCpuSecond),
        rate: fmt(t.rate),
        cores: f2(t.collectorCores),
      };
    };
    console.log(
      "\n| config | data points per collector CPU-second | × ours | log records per collector CPU-second | × ours | data points/s | log records/s | peak RSS (VmHWM) | collector CPU, metrics / logs |",
    );
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const r of running) {
      const m = cell(r.slots.metrics, oursM);
      const l = cell(r.slots.logs, oursL);
      console.log(
        `| ${r.variant.name} | ${m.perCpu} | ${m.ratio} | ${l.perCpu} | ${l.ratio} | ${m.rate} | ${l.rate} | ${f2(peak.get(r) ?? Number.NaN)} MiB | ${m.cores} / ${l.cores} cores |`,
      );
    }
    console.log("");
    for (const signal of ["metrics", "logs"] as const)
      for (const r of running) {
        const t = total(r.slots[signal]);
        if (!r.slots[signal].length) continue;
        const notes = [
          t.refused ? `REFUSED ${fmt(t.refused)}` : "",
          t.d2cDropped ? `${PROCESSOR.deltaToCumulative} dropped ${fmt(t.d2cDropped)}` : "",
        ].filter(Boolean);
        console.log(
          `${signal} ${r.variant.name}: ${fmt(t.rate)} ${UNIT[signal]}; CPU cores: collector ${f2(t.collectorCores)}, load generator ${f2(t.loadCores)}, idle collectors ${f2(t.idleCores)}, everything else ${f2(t.otherCores)}${notes.length ? `; ${notes.join("; ")}` : ""}`,
        );
      }
    reportFailures(running);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
