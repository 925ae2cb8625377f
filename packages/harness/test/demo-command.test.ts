import { execFileSync, spawnSync } from "node:child_process";
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CACHE_DIR, REPO_ROOT } from "../src/paths.js";

/**
 * The README's first command, exactly as written, where a newcomer runs it: a fresh clone, on a
 * machine with Node >= 20 and npm but no pnpm and no Docker. It must set itself up and get as far as
 * the demo's Docker check — its message and a non-zero exit — not stop at "command not found".
 *
 * The clone is of what is committed (git clone of this repository). The bootstrap's cache
 * (CC_OTEL_CACHE) and pnpm's store are the ones this run uses, so a repeat costs the package
 * install of the clone (under a minute from a warm store), not downloads.
 */

const DOCKER_MESSAGE = "needs Docker Engine with Compose v2";

/** The first command of the README: the first line of its first `sh` block, comment included. */
function readmeFirstCommand(readme: string): string {
  const block = /^```sh\n([\s\S]*?)^```/m.exec(readme)?.[1];
  const line = block?.split("\n").find((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  if (!line) throw new Error("the README has no ```sh block with a command");
  return line;
}

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * A directory of this machine's own Node >= 20 and npm: on PATH, but neither the bootstrap's cache
 * nor a node_modules/.bin, and without pnpm beside them.
 */
function systemNodeDir(): string {
  const cache = resolve(CACHE_DIR);
  for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const abs = resolve(dir);
    if (abs.startsWith(cache) || abs.includes(`${join("node_modules", ".bin")}`)) continue;
    if (!executable(join(abs, "node")) || !executable(join(abs, "npm")) || existsSync(join(abs, "pnpm")))
      continue;
    const version = execFileSync(join(abs, "node"), ["-p", "process.versions.node"], {
      encoding: "utf8",
    }).trim();
    if (Number(version.split(".")[0]) >= 20) return abs;
  }
  throw new Error(`no Node >= 20 with npm (and without pnpm) on PATH outside ${cache}: ${process.env.PATH}`);
}

describe("the README's first command", () => {
  const work = mkdtempSync(join(tmpdir(), "cc-otel-demo-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("is found in the README", () => {
    const command = readmeFirstCommand(readFileSync(join(REPO_ROOT, "README.md"), "utf8"));
    expect(command).toMatch(/^bash scripts\/demo\.sh\b/);
    expect(
      readmeFirstCommand("# x\n\n```\nnot sh\n```\n\n```sh\n# a comment\nfirst --flag # why\nsecond\n```\n"),
    ).toBe("first --flag # why");
  });

  it("in a fresh clone with only Node and npm, sets itself up and stops at the Docker check", () => {
    const command = readmeFirstCommand(readFileSync(join(REPO_ROOT, "README.md"), "utf8"));
    const clone = join(work, "cc-otel");
    execFileSync("git", ["clone", "--quiet", REPO_ROOT, clone]);

    // PATH: the machine's node and npm, and the basic system tools; no pnpm, no Docker.
    const bin = join(work, "bin");
    mkdirSync(bin);
    const nodeDir = systemNodeDir();
    for (const tool of ["node", "npm", "npx"])
      if (existsSync(join(nodeDir, tool))) symlinkSync(join(nodeDir, tool), join(bin, tool));
    const env: NodeJS.ProcessEnv = {
      PATH: [bin, "/usr/bin", "/bin"].join(delimiter),
      HOME: process.env.HOME,
      LANG: process.env.LANG ?? "C.UTF-8",
      TMPDIR: tmpdir(),
      CC_OTEL_CACHE: CACHE_DIR,
      // Belt and braces: even a docker on the system PATH is not the one the stack script runs.
      CC_OTEL_DOCKER: join(work, "no-docker"),
      // The store this run's packages came from: the clone links from it instead of downloading.
      npm_config_store_dir: dirname(
        execFileSync("pnpm", ["store", "path"], { cwd: REPO_ROOT, encoding: "utf8" }).trim(),
      ),
    };
    const onPath = spawnSync("bash", ["-c", "command -v pnpm docker; node --version"], {
      env,
      encoding: "utf8",
    });
    const lines = onPath.stdout.trim().split("\n");
    expect(lines, "the stripped PATH must hide pnpm and docker").toHaveLength(1);
    expect(Number(lines[0]?.replace(/^v/, "").split(".")[0])).toBeGreaterThanOrEqual(20);

    const run = spawnSync("bash", ["-c", command], { cwd: clone, env, encoding: "utf8", timeout: 540_000 });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output).not.toMatch(/command not found|No such file or directory/);
    expect(output, output.slice(-3000)).toContain(DOCKER_MESSAGE);
    expect(run.status, output.slice(-3000)).not.toBe(0);
    // It got there through the set-up: the clone's packages are installed.
    expect(existsSync(join(clone, "node_modules", ".bin", "turbo"))).toBe(true);
  }, 600_000);
});
