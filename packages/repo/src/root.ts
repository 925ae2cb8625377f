import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The file that marks the repository root: the workspace every package belongs to. */
export const ROOT_MARKER = "pnpm-workspace.yaml";

/** The nearest directory at or above `from` that holds pnpm-workspace.yaml. */
export function findRepoRoot(from: string): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, ROOT_MARKER))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the cc-otel repository root (${ROOT_MARKER}) above ${from}`);
    dir = up;
  }
  return dir;
}

/**
 * The repository root. Found by walking up from this file, so it is right whether the code runs
 * from src/ (tests) or dist/ (scripts), and whatever the working directory is.
 */
export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

/** Absolute path of a repository-relative path. */
export function repoPath(rel: string, root: string = REPO_ROOT): string {
  return join(root, rel);
}
