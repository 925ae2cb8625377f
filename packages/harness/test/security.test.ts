import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COLLECTOR } from "@cc-otel/collector/names";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT, STACK_DIR } from "../src/paths.js";

/**
 * Safe defaults of the compose stack (issue #8, security): every published port on loopback unless
 * the user says otherwise, no default Grafana password, and no secret in the repository.
 */

interface Service {
  ports?: string[];
  environment?: Record<string, string>;
}
const compose = parse(readFileSync(join(STACK_DIR, "compose.yaml"), "utf8")) as {
  services: Record<string, Service>;
};
const envExample = readFileSync(join(STACK_DIR, ".env.example"), "utf8");
const exampleValue = (key: string) => new RegExp(`^${key}=(.*)$`, "m").exec(envExample)?.[1];

describe("compose defaults", () => {
  it("publishes every port on CC_OTEL_BIND only, 127.0.0.1 unless the user changes it", () => {
    const ports = Object.entries(compose.services).flatMap(([name, s]) =>
      (s.ports ?? []).map((p) => [name, p] as const),
    );
    expect(ports.length).toBeGreaterThanOrEqual(5);
    for (const [name, port] of ports)
      expect(port, name).toMatch(/^\$\{CC_OTEL_BIND:-127\.0\.0\.1\}:\d+:\d+$/);
    expect(exampleValue("CC_OTEL_BIND")).toBe("127.0.0.1");
  });

  it("has no default Grafana admin password: compose refuses to start without one", () => {
    const env = compose.services.grafana?.environment ?? {};
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?[^}]+\}$/);
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe("false");
    expect(env.GF_USERS_ALLOW_SIGN_UP).toBe("false");
    // The template holds no secret: pnpm stack:up writes a random password into stack/.env.
    expect(exampleValue("GRAFANA_ADMIN_PASSWORD")).toBe("");
    expect(exampleValue("CC_OTEL_RECEIVER_TOKEN")).toBe("");
  });
});

describe("backend credentials in compose", () => {
  it("are off in .env.example, and no credential or tenant is filled in", () => {
    expect(exampleValue("CC_OTEL_BACKEND_AUTH")).toBe("backend-auth-off");
    expect(exampleValue("CC_OTEL_BACKEND_TENANT")).toBe("backend-tenant-off");
    for (const key of [
      "CC_OTEL_PROMETHEUS_AUTHORIZATION",
      "CC_OTEL_LOKI_AUTHORIZATION",
      "CC_OTEL_PROMETHEUS_TENANT",
      "CC_OTEL_LOKI_TENANT",
    ]) {
      expect(exampleValue(key), key).toBeUndefined();
      expect(envExample, key).toMatch(new RegExp(`^# ${key}=`, "m")); // shown, commented out
    }
  });

  it("reach only the collector: the one service that reads stack/.env", () => {
    const readers = Object.entries(
      compose.services as Record<string, Service & { env_file?: unknown }>,
    ).filter(([, s]) => s.env_file !== undefined);
    expect(readers.map(([name]) => name)).toEqual([COLLECTOR.service]);
  });
});

describe("no secrets in the repository", () => {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" });

  it("keeps stack/.env and TLS keys out of git", () => {
    for (const path of ["stack/.env", "stack/tls/tls.key", "stack/tls/tls.crt", "stack/tls/ca.key"])
      expect(git("check-ignore", "--no-index", path).trim(), path).toBe(path);
  });

  it("has no private key, API key or token in any tracked file", () => {
    const patterns: [string, RegExp][] = [
      ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
      ["Anthropic API key", /sk-ant-[A-Za-z0-9_-]{20,}/],
      ["AWS access key", /\bAKIA[0-9A-Z]{16}\b/],
      ["GitHub token", /\bgh[pousr]_[A-Za-z0-9]{36}\b/],
      ["Slack token", /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
      ["Grafana token", /\bglsa_[A-Za-z0-9_]{32,}/],
    ];
    const files = git("ls-files", "-z")
      .split("\0")
      .filter((f) => f && !f.endsWith("pnpm-lock.yaml") && !/\.(png|jpg|svg|woff2?|ico)$/.test(f));
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(join(REPO_ROOT, file), "utf8");
      } catch {
        continue; // deleted in the work tree
      }
      for (const [what, re] of patterns) if (re.test(text)) found.push(`${file}: ${what}`);
    }
    expect(found).toEqual([]);
    expect(files.filter((f) => /(^|\/)\.env$/.test(f))).toEqual([]);
  });
});
