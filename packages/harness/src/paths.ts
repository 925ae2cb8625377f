import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "@cc-otel/repo";

/** Re-exported: importers of this package have always found the root here. */
export { REPO_ROOT };

export const STACK_DIR = join(REPO_ROOT, "stack");

/** Builds and server data live outside the repo, keyed by version (scripts/lib/bootstrap.sh). */
export const CACHE_DIR = resolve(
  process.env.CC_OTEL_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "cc-otel"),
);
