import { type GeneratedFile, REPO_ROOT, staleFiles, writeFiles } from "@cc-otel/repo";
import { GENERATORS, type Generator } from "./generators.js";

export interface Outcome {
  readonly generator: string;
  readonly file: GeneratedFile;
  /** False when the file already held exactly this content. */
  readonly written: boolean;
}

/**
 * Runs the generators in order under `root`, writing each one's files before the next is computed,
 * and reports every file as written or unchanged (as it goes, through `onFile`, and all at the end).
 */
export function generate(
  root: string = REPO_ROOT,
  generators: readonly Generator[] = GENERATORS,
  onFile: (outcome: Outcome) => void = () => {},
): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const g of generators) {
    const files = g.files(root);
    const written = new Set(writeFiles(files, root).map((f) => f.path));
    for (const file of files) {
      const outcome = { generator: g.name, file, written: written.has(file.path) };
      outcomes.push(outcome);
      onFile(outcome);
    }
  }
  return outcomes;
}

/**
 * Every generator's files that differ from what is under `root`, without writing anything: what
 * `pnpm generate` would write. A generator that reads another's output sees it as it is on disk.
 */
export function staleOutcomes(
  root: string = REPO_ROOT,
  generators: readonly Generator[] = GENERATORS,
): { generator: string; file: GeneratedFile }[] {
  return generators.flatMap((g) =>
    staleFiles(g.files(root), root).map((file) => ({ generator: g.name, file })),
  );
}
