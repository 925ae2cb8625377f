import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COLLECTOR } from "@cc-otel/collector/names";
import { CLI_DEFAULTS } from "@cc-otel/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { composeBinary } from "../src/binaries.js";
import { REPO_ROOT, STACK_DIR } from "../src/paths.js";
import { stackVersions } from "../src/versions.js";

/**
 * stack/compose.yaml as the real Docker Compose CLI (built from its Go module at stack/versions.json)
 * reads it: `docker compose config` with the arguments `pnpm stack:up` uses, for every combination
 * the project offers — the profiles its services declare, the compose files beside it (stack/*.yaml,
 * each one optional), and the collector overlays stack/.env picks (x-collector-overlays) — and with
 * no stack/.env at all. `config` needs no daemon; a socket stands where the daemon would be and
 * must see no connection.
 */

type ScriptModule = {
  composeArgs(stackDir: string): string[];
  composeVersionProblem(short: string, minimum: string): string | undefined;
  logsArgs(rest: string[], isTTY: boolean): string[];
};
const lib = async () => (await import(join(REPO_ROOT, "scripts/lib/compose.mjs"))) as ScriptModule;

interface ComposeService {
  profiles?: string[];
  command?: string[];
  ports?: string[];
  volumes?: string[];
}
interface ComposeFile {
  services?: Record<string, ComposeService>;
  "x-collector-overlays"?: Record<string, string[]>;
}
interface RenderedPort {
  host_ip?: string;
  target: number;
  published: string;
}
interface Rendered {
  services: Record<
    string,
    {
      command?: string[];
      ports?: RenderedPort[];
      volumes?: { type: string; source: string; target: string }[];
    }
  >;
}

const readYaml = (file: string) => parse(readFileSync(file, "utf8")) as ComposeFile;
const main = readYaml(join(STACK_DIR, "compose.yaml"));
/** Compose files beside compose.yaml: overlays a user adds with `-f` (none, one, several). */
const overlayFiles = readdirSync(STACK_DIR)
  .filter((f) => /\.ya?ml$/.test(f) && f !== "compose.yaml")
  .sort();
function subsets<T>(items: readonly T[]): T[][] {
  let acc: T[][] = [[]];
  for (const item of items) acc = acc.concat(acc.map((s) => [...s, item]));
  return acc;
}
function product(choices: readonly (readonly [string, readonly string[]])[]): Record<string, string>[] {
  let acc: Record<string, string>[] = [{}];
  for (const [key, values] of choices) acc = acc.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  return acc;
}

const collectorOverlays = Object.entries(main["x-collector-overlays"] ?? {});
const collectorCommand = main.services?.[COLLECTOR.service]?.command ?? [];
/** `${VAR:-default}` in the collector's command: the overlays stack/.env picks. */
const commandChoices = collectorCommand.flatMap((arg) => {
  const m = /^--config=\/etc\/otelcol\/\$\{(\w+):-([\w-]+)\}\.yaml$/.exec(arg);
  return m ? [{ variable: m[1] as string, fallback: m[2] as string }] : [];
});

/** The published ports of the stack without overlays, and of the profile services. */
const { grpc: GRPC, "http/protobuf": HTTP } = CLI_DEFAULTS.otlpPorts;
const BASE_PORTS: Record<string, number[]> = {
  [COLLECTOR.service]: [GRPC, HTTP, COLLECTOR.healthPort, COLLECTOR.selfMetricsPort],
  prometheus: [9090],
  loki: [3100],
  grafana: [3000],
};
const PROFILE_PORTS: Record<string, Record<string, number[]>> = { traces: { jaeger: [16686] } };

let work: string;
let daemon: FakeEngine;

/** An environment with nothing of the caller's Docker, Compose or stack settings in it. */
function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = join(work, "home");
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    DOCKER_CONFIG: join(home, ".docker"),
    DOCKER_HOST: `unix://${daemon.socket}`,
    ...extra,
  };
}

/** A copy of stack/ (so that a developer's stack/.env stays out of it), with the given .env or none. */
function stackCopy(name: string, envText: string | undefined): string {
  const dir = join(work, name);
  cpSync(STACK_DIR, dir, {
    recursive: true,
    filter: (src) => !/[\\/]\.env$/.test(src) && !src.includes(`${join(STACK_DIR, "tls")}/`),
  });
  if (envText !== undefined) writeFileSync(join(dir, ".env"), envText);
  return dir;
}

/** stack/.env as `pnpm stack:up` writes it (from .env.example, a password), with settings changed. */
function envFile(settings: Record<string, string>): string {
  let text = readFileSync(join(STACK_DIR, ".env.example"), "utf8").replace(
    /^GRAFANA_ADMIN_PASSWORD=.*$/m,
    "GRAFANA_ADMIN_PASSWORD=test-password",
  );
  // As a user does: uncomment or edit the setting's one line (a test below keeps it to one).
  for (const [key, value] of Object.entries(settings)) {
    const line = new RegExp(`^#?\\s*${key}=.*$`, "m");
    text = line.test(text) ? text.replace(line, `${key}=${value}`) : `${text}\n${key}=${value}\n`;
  }
  return text;
}

/**
 * A Unix socket standing in for the Docker Engine: it counts connections and closes them, so a test
 * sees whether Compose got as far as the daemon (and no further).
 */
interface FakeEngine {
  readonly socket: string;
  connections(): number;
  close(): Promise<void>;
}

async function fakeEngine(socket: string): Promise<FakeEngine> {
  let connections = 0;
  const server: Server = createServer((c) => {
    connections++;
    c.destroy();
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    socket,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A copy of the repository's stack scripts and stack/ (without stack/.env) under `repo`. */
function scriptsCopy(repo: string): void {
  mkdirSync(join(repo, "scripts"), { recursive: true });
  cpSync(join(REPO_ROOT, "scripts/stack.mjs"), join(repo, "scripts/stack.mjs"));
  cpSync(join(REPO_ROOT, "scripts/lib"), join(repo, "scripts/lib"), { recursive: true });
  cpSync(STACK_DIR, join(repo, "stack"), { recursive: true, filter: (src) => !/[\\/]\.env$/.test(src) });
}

/**
 * `docker` at `path`: `docker compose ...` goes to the real Compose CLI, `docker info` answers (no
 * Docker Engine here), anything else fails. With `log`, each call's arguments are appended to it.
 */
function dockerShim(path: string, log?: string): void {
  writeFileSync(
    path,
    [
      "#!/bin/sh",
      ...(log ? [`printf '%s\\n' "$*" >> '${log}'`] : []),
      `if [ "$1" = compose ]; then shift; exec '${composeBinary()}' "$@"; fi`,
      'if [ "$1" = info ]; then exit 0; fi',
      'echo "docker shim: no $1" >&2; exit 1',
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
}

/** A child's exit code and its stdout and stderr together; killed after 60 s. */
async function outcome(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; output: string }> {
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  return { code, output };
}

/** The variables .env.example assigns, commented out or not, with how often. */
function assignments(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm))
    counts.set(m[1] as string, (counts.get(m[1] as string) ?? 0) + 1);
  return counts;
}

async function config(
  dir: string,
  opts: { files?: string[]; envFile?: boolean; env?: Record<string, string> } = {},
) {
  const { composeArgs } = await lib();
  const [, ...args] = composeArgs(dir); // without the leading `compose`: the standalone binary
  const res = spawnSync(
    composeBinary(),
    [
      ...args,
      ...(opts.files ?? []).flatMap((f) => ["-f", join(dir, f)]),
      ...(opts.envFile === false ? [] : ["--env-file", join(dir, ".env")]),
      "config",
      "--format",
      "json",
    ],
    { env: isolatedEnv(opts.env), encoding: "utf8" },
  );
  return {
    status: res.status,
    stderr: res.stderr,
    rendered: res.status === 0 ? (JSON.parse(res.stdout) as Rendered) : undefined,
  };
}

function expectedServices(files: ComposeFile[], profiles: string[]): string[] {
  const names = new Map<string, string[] | undefined>();
  for (const f of files)
    for (const [name, s] of Object.entries(f.services ?? {})) names.set(name, s.profiles ?? names.get(name));
  return [...names]
    .filter(([, p]) => !p || p.some((x) => profiles.includes(x)))
    .map(([n]) => n)
    .sort();
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "cc-otel-compose-"));
  mkdirSync(join(work, "home"));
  daemon = await fakeEngine(join(work, "docker.sock"));
  composeBinary();
}, 900_000);

afterAll(async () => {
  await daemon?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("stack/compose.yaml, rendered by the real Docker Compose CLI", () => {
  it("is the pinned Compose, and the version rule of scripts/stack.mjs accepts it", async () => {
    const res = spawnSync(composeBinary(), ["version", "--short"], { env: isolatedEnv(), encoding: "utf8" });
    const { compose } = stackVersions();
    expect(res.stdout.trim()).toBe(compose.version);
    const { composeVersionProblem } = await lib();
    expect(composeVersionProblem(res.stdout, compose.minimum)).toBeUndefined();
  });

  it("declares its collector overlays: every variable the command picks one by, each choice mounted", () => {
    expect(commandChoices.length).toBeGreaterThan(0);
    expect(commandChoices.map((c) => c.variable)).toEqual(collectorOverlays.map(([v]) => v));
    const mounted = (main.services?.[COLLECTOR.service]?.volumes ?? []).map((v) => v.split(":"));
    for (const { variable, fallback } of commandChoices) {
      const choices = main["x-collector-overlays"]?.[variable] ?? [];
      expect(choices[0], `${variable}: the first choice is the command's default`).toBe(fallback);
      for (const name of choices) {
        expect(existsSync(join(STACK_DIR, "collector", `${name}.yaml`)), name).toBe(true);
        expect(mounted, name).toContainEqual([`./collector/${name}.yaml`, `/etc/otelcol/${name}.yaml`, "ro"]);
      }
    }
    // Every overlay mounted is one of the choices (config.yaml is the base).
    const overlays = mounted
      .filter(([, target]) => target?.startsWith("/etc/otelcol/") && target !== "/etc/otelcol/config.yaml")
      .map(([, target]) => target?.replace(/^\/etc\/otelcol\/|\.yaml$/g, ""));
    expect(overlays.sort()).toEqual(collectorOverlays.flatMap(([, v]) => v).sort());
  });

  const profiles = [
    ...new Set(
      [main, ...overlayFiles.map((f) => readYaml(join(STACK_DIR, f)))].flatMap((f) =>
        Object.values(f.services ?? {}).flatMap((s) => s.profiles ?? []),
      ),
    ),
  ].sort();
  const combos = subsets(profiles).flatMap((active) =>
    subsets(overlayFiles).flatMap((files) =>
      product(collectorOverlays).map((picked) => ({ active, files, picked })),
    ),
  );

  it(`renders every combination (${combos.length}): services, collector overlays, ports on 127.0.0.1`, async () => {
    expect(combos.length).toBeGreaterThanOrEqual(16);
    for (const [i, { active, files, picked }] of combos.entries()) {
      const label = JSON.stringify({ profiles: active, files, ...picked });
      const dir = stackCopy(
        `combo-${i}`,
        envFile({ ...picked, ...(active.length ? { COMPOSE_PROFILES: active.join(",") } : {}) }),
      );
      const { status, stderr, rendered } = await config(dir, { files });
      expect(status, `${label}: ${stderr}`).toBe(0);
      if (!rendered) continue;
      const docs = [main, ...files.map((f) => readYaml(join(STACK_DIR, f)))];
      expect(Object.keys(rendered.services).sort(), label).toEqual(expectedServices(docs, active));

      const collector = rendered.services[COLLECTOR.service];
      const configs = (collector?.command ?? []).map((a) => a.replace(/^--config=/, ""));
      expect(configs, label).toEqual([
        "/etc/otelcol/config.yaml",
        ...commandChoices.map((c) => `/etc/otelcol/${picked[c.variable]}.yaml`),
      ]);
      for (const file of configs) {
        const mount = collector?.volumes?.find((v) => v.target === file);
        expect(mount?.type, `${label}: ${file} is mounted`).toBe("bind");
        expect(existsSync(mount?.source ?? ""), `${label}: ${mount?.source} exists`).toBe(true);
      }

      for (const [name, service] of Object.entries(rendered.services))
        for (const port of service.ports ?? [])
          expect(port.host_ip, `${label}: ${name} ${port.published}`).toBe("127.0.0.1");
      if (files.length === 0) {
        const want: Record<string, number[]> = { ...BASE_PORTS };
        for (const p of active) Object.assign(want, PROFILE_PORTS[p] ?? {});
        const got = Object.fromEntries(
          Object.entries(rendered.services)
            .filter(([, s]) => s.ports?.length)
            .map(([n, s]) => [n, (s.ports ?? []).map((p) => Number(p.published)).sort((a, b) => a - b)]),
        );
        for (const ports of Object.values(want)) ports.sort((a, b) => a - b);
        expect(got, label).toEqual(want);
      }
    }
  });

  it("stack/.env.example sets each variable on one line, so that uncommenting or editing it is enough", () => {
    const counts = assignments(readFileSync(join(STACK_DIR, ".env.example"), "utf8"));
    for (const { variable } of commandChoices) expect(counts.get(variable), variable).toBe(1);
    expect(counts.get("COMPOSE_PROFILES")).toBe(1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    // Compose takes the last line: a second, later line would undo the first (the check above).
    expect(assignments("# A=1\nA=2\n").get("A")).toBe(2);
  });

  it("publishes on every interface only when stack/.env says CC_OTEL_BIND=0.0.0.0", async () => {
    const { rendered } = await config(stackCopy("bind-all", envFile({ CC_OTEL_BIND: "0.0.0.0" })));
    const hosts = Object.values(rendered?.services ?? {}).flatMap((s) =>
      (s.ports ?? []).map((p) => p.host_ip),
    );
    expect(hosts.length).toBeGreaterThanOrEqual(7);
    expect(new Set(hosts)).toEqual(new Set(["0.0.0.0"]));
  });

  it("without stack/.env: refuses with its one-line reason and fix, runs on defaults once the password is set", async () => {
    const dir = stackCopy("no-env-file", undefined);
    const bare = await config(dir, { envFile: false });
    expect(bare.status).toBe(1);
    const lines = bare.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      "required variable GRAFANA_ADMIN_PASSWORD is missing a value: set GRAFANA_ADMIN_PASSWORD in stack/.env (pnpm stack:up creates it)",
    );
    // Every variable the compose files require (`${VAR:?...}`) is refused the same way.
    const required = [
      ...new Set(
        ["compose.yaml", ...overlayFiles].flatMap((f) =>
          [...readFileSync(join(STACK_DIR, f), "utf8").matchAll(/\$\{(\w+):\?[^}]*\}/g)].map(
            (m) => m[1] as string,
          ),
        ),
      ),
    ];
    expect(required).toContain("GRAFANA_ADMIN_PASSWORD");
    for (const missing of required) {
      const others = Object.fromEntries(required.filter((v) => v !== missing).map((v) => [v, "set"]));
      const res = await config(dir, { envFile: false, env: others });
      expect(res.status, missing).toBe(1);
      expect(res.stderr, missing).toContain(`required variable ${missing} is missing a value`);
    }

    // The collector's env_file is optional: with only the password, everything takes its default.
    const withPassword = await config(dir, {
      envFile: false,
      env: Object.fromEntries(required.map((v) => [v, "from-the-environment"])),
    });
    expect(withPassword.status, withPassword.stderr).toBe(0);
    expect(withPassword.rendered?.services[COLLECTOR.service]?.command).toEqual(
      collectorCommand.map((a) => a.replace(/\$\{\w+:-([\w-]+)\}/, "$1")),
    );
    expect(Object.keys(withPassword.rendered?.services ?? {}).sort()).toEqual(expectedServices([main], []));
    const hosts = Object.values(withPassword.rendered?.services ?? {}).flatMap((s) =>
      (s.ports ?? []).map((p) => p.host_ip),
    );
    expect(hosts.length).toBeGreaterThanOrEqual(7);
    expect(new Set(hosts), "ports bind to 127.0.0.1 when nothing says otherwise").toEqual(
      new Set(["127.0.0.1"]),
    );
  });

  it("never contacted a Docker daemon", () => {
    expect(daemon.connections()).toBe(0);
  });
});

/**
 * scripts/stack.mjs (what `pnpm stack:*` runs), from a copy of the repository's scripts and stack,
 * with `docker` a shim that hands `docker compose ...` to the real Compose CLI and answers
 * `docker info` (no Docker Engine here). Compose then parses and interpolates what the script passed
 * and stops where it needs the daemon: a socket that counts connections and closes them.
 */
describe("scripts/stack.mjs, through the real Compose CLI", () => {
  let repo: string;
  let shimLog: string;
  let engine: FakeEngine;

  beforeAll(async () => {
    repo = join(work, "repo");
    scriptsCopy(repo);
    shimLog = join(work, "docker-shim.log");
    dockerShim(join(work, "docker"), shimLog);
    engine = await fakeEngine(join(work, "engine.sock"));
  });
  afterAll(async () => {
    await engine?.close();
  });

  /**
   * `node scripts/stack.mjs ...args`, piped, or in a terminal (util-linux `script`). Asynchronous:
   * the engine socket lives in this process.
   */
  async function stack(args: string[], opts: { tty?: boolean } = {}) {
    writeFileSync(shimLog, "");
    const before = engine.connections();
    const env = isolatedEnv({ CC_OTEL_DOCKER: join(work, "docker"), DOCKER_HOST: `unix://${engine.socket}` });
    const command = [process.execPath, join(repo, "scripts/stack.mjs"), ...args];
    const { code, output } = await outcome(
      opts.tty
        ? spawn("script", ["-qec", command.map((a) => `'${a}'`).join(" "), "/dev/null"], { env })
        : spawn(command[0] as string, command.slice(1), { env }),
    );
    const calls = readFileSync(shimLog, "utf8").trim().split("\n");
    return { code, output, calls, last: calls.at(-1) ?? "", reachedDaemon: engine.connections() > before };
  }

  it("checks the Compose version, then passes what Compose accepts: it gets as far as the daemon", async () => {
    for (const args of [["logs", COLLECTOR.service], ["status"], ["down"]]) {
      for (const withEnv of [false, true]) {
        rmSync(join(repo, "stack/.env"), { force: true });
        if (withEnv) writeFileSync(join(repo, "stack/.env"), envFile({}));
        const r = await stack(args);
        const label = `${args.join(" ")} ${withEnv ? "with" : "without"} stack/.env`;
        expect(r.calls[0], label).toBe("compose version --short");
        expect(r.output, label).not.toMatch(/unknown flag|interpolat|needs Docker/i);
        expect(r.reachedDaemon, `${label}: ${r.output}`).toBe(true);
      }
    }
  });

  it("stack:logs follows in a terminal, and returns when piped (`| grep`) or with --no-follow", async () => {
    const follows = (r: { last: string }) => / logs .*--follow/.test(r.last);
    const piped = await stack(["logs", COLLECTOR.service]);
    expect(piped.last.endsWith(` logs --tail 200 ${COLLECTOR.service}`), piped.last).toBe(true);
    expect(follows(piped)).toBe(false);
    expect(follows(await stack(["logs", COLLECTOR.service, "--follow"]))).toBe(true);
    const tty = await stack(["logs", COLLECTOR.service], { tty: true });
    expect(tty.reachedDaemon, tty.output).toBe(true);
    expect(follows(tty)).toBe(true);
    expect(follows(await stack(["logs", COLLECTOR.service, "--no-follow"], { tty: true }))).toBe(false);
    // Other `docker compose logs` options go through, and Compose accepts them.
    const since = await stack(["logs", COLLECTOR.service, "--since", "10m", "--no-follow"]);
    expect(since.last.endsWith(` logs --tail 200 ${COLLECTOR.service} --since 10m`), since.last).toBe(true);
    expect(since.output).not.toMatch(/unknown flag/);
  });
});

/** Markdown files whose commands users copy. */
function docsFiles(): string[] {
  const dir = join(REPO_ROOT, "apps/docs/src/content/docs");
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith(".md") ? [join(d, e.name)] : [],
    );
  return [...walk(dir), join(REPO_ROOT, "README.md"), join(STACK_DIR, "README.md")];
}

describe("the docs' stack:logs and docker compose commands, as written", () => {
  let repo: string;
  let shimDir: string;
  let engine: FakeEngine;

  beforeAll(async () => {
    repo = join(work, "docs-repo");
    scriptsCopy(repo);
    writeFileSync(join(repo, "stack/.env"), envFile({}));
    shimDir = join(work, "docs-bin");
    mkdirSync(shimDir);
    dockerShim(join(shimDir, "docker"));
    engine = await fakeEngine(join(work, "docs-engine.sock"));
  });
  afterAll(async () => {
    await engine?.close();
  });

  /** bash -c `line` in the copy, `docker` the shim; did Compose get as far as the daemon? */
  async function run(line: string) {
    const before = engine.connections();
    const { code, output } = await outcome(
      spawn("bash", ["-c", line], {
        cwd: repo,
        env: isolatedEnv({
          PATH: `${shimDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
          DOCKER_HOST: `unix://${engine.socket}`,
        }),
      }),
    );
    return { code, output, reachedDaemon: engine.connections() > before };
  }

  it("every `pnpm stack:logs SERVICE ...` they give: a service Compose knows, options it takes, no follow when piped", async () => {
    const services = Object.keys(main.services ?? {});
    const found = new Set<string>();
    // The docs, and the fixes the doctor prints.
    const doctor = readdirSync(join(REPO_ROOT, "packages/doctor/src")).map((f) =>
      join(REPO_ROOT, "packages/doctor/src", f),
    );
    for (const file of [...docsFiles(), ...doctor])
      for (const m of readFileSync(file, "utf8").matchAll(/pnpm stack:logs ([^`|"\n)]*)/g)) {
        const args = (m[1] as string).replace(/2>&1/, "").trim();
        // The usage line itself, and the doctor's COLLECTOR_LOGS_COMMAND (the service by name).
        if (/^\[?service\]?$|^SERVICE$|^\$\{/.test(args)) continue;
        found.add(args);
      }
    expect(found.size).toBeGreaterThanOrEqual(3);
    for (const args of found) {
      const [service] = args.split(/\s+/);
      expect(services, args).toContain(service);
      const r = await run(`node scripts/stack.mjs logs ${args} | cat`);
      expect(r.output, args).not.toMatch(/unknown flag|no such service|interpolat/i);
      expect(r.reachedDaemon, `${args}: ${r.output}`).toBe(true);
    }
  });

  it("every `docker compose ...` they give parses, with stack/.env, and goes to the daemon", async () => {
    const commands: string[] = [];
    for (const file of docsFiles()) {
      const text = readFileSync(file, "utf8").replace(/\\\n\s*/g, "");
      for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g))
        for (const line of (block[1] as string).split("\n"))
          if (/^docker compose /.test(line.trim())) commands.push(line.trim());
    }
    expect(commands.some((c) => c.includes("reset-admin-password"))).toBe(true);
    const services = Object.keys(main.services ?? {});
    for (const command of commands) {
      // Compose asks the daemon before it checks a service name: check it here.
      const target = / (?:exec|logs|restart|stop|start|run)(?: -\S+)* ([\w-]+)/.exec(command)?.[1];
      if (target) expect(services, command).toContain(target);
      const r = await run(command);
      expect(r.output, command).not.toMatch(
        /unknown flag|unknown command|no such service|interpolat|not found/i,
      );
      expect(r.reachedDaemon, `${command}: ${r.output}`).toBe(true);
    }
  });
});

describe("the Compose version rule (scripts/lib/compose.mjs)", () => {
  it("accepts the minimum and newer, refuses older with the fix, in every format `--short` prints", async () => {
    const { composeVersionProblem } = await lib();
    const { minimum } = stackVersions().compose;
    expect(minimum).toBe("2.24.0");
    for (const ok of ["2.24.0", "v2.24.0", "2.29.1-desktop.1", "2.30.0", "5.6.0"])
      expect(composeVersionProblem(ok, minimum), ok).toBeUndefined();
    for (const old of ["2.23.3", "v2.20.2", "2.3.3", "1.29.2"])
      expect(composeVersionProblem(old, minimum), old).toMatch(
        new RegExp(`^needs Docker Compose ${minimum} or newer, found ${old}: update `),
      );
    expect(composeVersionProblem("garbage", minimum)).toMatch(/cannot read the Docker Compose version/);
  });

  it("is the one the README and the quick start give", () => {
    const { minimum } = stackVersions().compose;
    for (const file of ["README.md", "apps/docs/src/content/docs/quick-start.md"])
      expect(readFileSync(join(REPO_ROOT, file), "utf8").replace(/\*\*|\s+/g, " "), file).toContain(
        `Docker Compose ${minimum} or newer`,
      );
  });
});
