import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { REPO_ROOT, repoPath } from "./root.js";

/** The one command that regenerates every generated file of the repository (packages/generate). */
export const GENERATE_COMMAND = "pnpm generate";

/** One file a generator produces, as data: generators compute, `writeFiles` writes, tests compare. */
export interface GeneratedFile {
  /** Relative to the repository root, `/`-separated. */
  path: string;
  /** The whole text the file must hold. */
  content: string;
  /** What it is made from, for messages ("stack/versions.json + templates/..."). */
  from: string;
  /**
   * Only regions of a hand-written file are generated: the rest comes from the file itself, so it
   * cannot be deleted and restored.
   */
  inPlace?: true;
}

/** The text of a repository file, or undefined when it does not exist. */
export function readRepoFile(rel: string, root: string = REPO_ROOT): string | undefined {
  try {
    return readFileSync(repoPath(rel, root), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/** The files whose content on disk (under `root`) differs from the generated one, missing ones included. */
export function staleFiles(files: readonly GeneratedFile[], root: string = REPO_ROOT): GeneratedFile[] {
  return files.filter((f) => readRepoFile(f.path, root) !== f.content);
}

/**
 * Writes the stale files under `root` (creating directories) and returns them. Files already up to
 * date are not touched, so their modification times (and tools watching them) stay quiet.
 */
export function writeFiles(files: readonly GeneratedFile[], root: string = REPO_ROOT): GeneratedFile[] {
  const stale = staleFiles(files, root);
  for (const f of stale) {
    const file = repoPath(f.path, root);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, f.content);
  }
  return stale;
}
