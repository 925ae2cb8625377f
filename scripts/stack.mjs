#!/usr/bin/env node
// pnpm stack:up | stack:down [--volumes] | stack:logs [service] [--follow|--no-follow] | stack:status
// Thin wrapper over `docker compose` for stack/compose.yaml: creates stack/.env with a random
// Grafana password on first run, waits until every service is healthy, prints what to paste.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { composeArgs, composeVersionProblem, logsArgs, minimumCompose } from "./lib/compose.mjs";
import { usageText } from "./lib/stack-usage.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stackDir = join(root, "stack");
const envFile = join(stackDir, ".env");
const compose = composeArgs(stackDir);
const [command, ...rest] = process.argv.slice(2);

function fail(message, code = 1) {
  console.error(`stack: ${message}`);
  process.exit(code);
}

function docker(args, opts = {}) {
  return spawnSync(process.env.CC_OTEL_DOCKER ?? "docker", args, { stdio: "inherit", ...opts });
}

function requireDocker() {
  const docker = process.env.CC_OTEL_DOCKER ?? "docker";
  const version = spawnSync(docker, ["compose", "version", "--short"], { encoding: "utf8" });
  const info = version.status === 0 ? spawnSync(docker, ["info"], { encoding: "utf8" }) : version;
  if (version.error || version.status !== 0 || info.status !== 0) {
    fail(
      "needs Docker Engine with Compose v2 (`docker compose version` and `docker info` must work). " +
        "Without Docker: `pnpm stack:native` runs the real Collector and Prometheus built locally, and `pnpm simulate` sends demo data.",
    );
  }
  const problem = composeVersionProblem(version.stdout, minimumCompose(stackDir));
  if (problem) fail(problem);
}

/**
 * down, logs and status need no Grafana password, but compose reads the whole file and refuses
 * to go on without one: without stack/.env (never started here, or deleted) they get a stand-in.
 */
function envWithoutEnvFile() {
  return existsSync(envFile)
    ? undefined
    : { ...process.env, GRAFANA_ADMIN_PASSWORD: "not-used-by-this-command" };
}

/** First run: stack/.env from .env.example with a random Grafana admin password. */
function ensureEnvFile() {
  if (existsSync(envFile)) return undefined;
  const password = randomBytes(12).toString("base64url");
  const example = readFileSync(join(stackDir, ".env.example"), "utf8");
  writeFileSync(
    envFile,
    example.replace(/^GRAFANA_ADMIN_PASSWORD=.*$/m, `GRAFANA_ADMIN_PASSWORD=${password}`),
    {
      mode: 0o600,
    },
  );
  return password;
}

function envValue(key, fallback) {
  const text = existsSync(envFile) ? readFileSync(envFile, "utf8") : "";
  return text.match(new RegExp(`^${key}=(.*)$`, "m"))?.[1]?.trim() || fallback;
}

switch (command) {
  case "up": {
    const unknown = rest.filter((a) => a !== "--pull");
    if (unknown.length) fail(`unknown option ${unknown[0]}; usage: stack:up`, 2);
    requireDocker();
    const password = ensureEnvFile();
    if (password) console.log(`Created stack/.env with a random Grafana admin password: ${password}`);
    const res = docker([...compose, "--env-file", envFile, "up", "-d", "--wait", "--wait-timeout", "180"]);
    if (res.status !== 0)
      fail("services did not become healthy; see `pnpm stack:logs` and `pnpm stack:status`");
    console.log(
      usageText({
        bind: envValue("CC_OTEL_BIND", "127.0.0.1"),
        tls: envValue("CC_OTEL_RECEIVER_TLS", "plain") === "tls",
        auth: envValue("CC_OTEL_RECEIVER_AUTH", "open") === "auth",
      }),
    );
    break;
  }
  case "down": {
    const unknown = rest.filter((a) => a !== "--volumes");
    if (unknown.length)
      fail(`unknown option ${unknown[0]}; usage: stack:down [--volumes]  (--volumes deletes all data)`, 2);
    requireDocker();
    const res = docker([...compose, "down", ...(rest.includes("--volumes") ? ["--volumes"] : [])], {
      env: envWithoutEnvFile(),
    });
    process.exit(res.status ?? 1);
    break;
  }
  case "logs": {
    requireDocker();
    const args = logsArgs(rest, Boolean(process.stdout.isTTY));
    process.exit(docker([...compose, ...args], { env: envWithoutEnvFile() }).status ?? 1);
    break;
  }
  case "status": {
    requireDocker();
    process.exit(
      docker([...compose, "ps", "--format", "table {{.Service}}\t{{.Status}}\t{{.Ports}}"], {
        env: envWithoutEnvFile(),
      }).status ?? 1,
    );
    break;
  }
  default:
    fail(
      `unknown command '${command ?? ""}'; valid: up, down [--volumes], logs [service] [--follow|--no-follow], status`,
      2,
    );
}
