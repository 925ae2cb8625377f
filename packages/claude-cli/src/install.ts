import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The pinned Claude Code CLI, installed from the npm registry into the cache outside the repo (a
 * native binary in a platform package, ~100 MB, once per version). Installing needs Node >= 22,
 * which scripts/lib/bootstrap.sh provides.
 */

export const CLI_VERSION = "2.1.331";

/** Tests that run the CLI are opt-in (CC_OTEL_CONFORMANCE=1): scripts/test.sh, so CI, turns them on. */
export const CLI_TESTS_ENABLED = process.env.CC_OTEL_CONFORMANCE === "1";

export const CLI_TESTS_SKIPPED_BECAUSE =
  "set CC_OTEL_CONFORMANCE=1 to run the real Claude Code CLI (bash scripts/test.sh does)";

function cacheRoot(): string {
  return (
    process.env.CC_OTEL_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "cc-otel")
  );
}

/** Path of the `claude` command, installing it first when the cache lacks it. */
export function cliBinary(version = CLI_VERSION): string {
  const prefix = join(cacheRoot(), `claude-code-${version}`);
  const claude = join(prefix, "node_modules", ".bin", "claude");
  if (existsSync(claude)) return claude;
  mkdirSync(prefix, { recursive: true });
  execFileSync(
    "npm",
    [
      "install",
      "--prefix",
      prefix,
      "--no-save",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `@anthropic-ai/claude-code@${version}`,
    ],
    { stdio: "pipe", timeout: 300_000 },
  );
  if (!existsSync(claude))
    throw new Error(`npm installed @anthropic-ai/claude-code@${version} but ${claude} is missing`);
  return claude;
}
