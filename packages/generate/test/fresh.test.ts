import { GENERATE_COMMAND, REPO_ROOT, readRepoFile } from "@cc-otel/repo";
import { describe, expect, it } from "vitest";
import { GENERATORS, staleOutcomes } from "../src/index.js";

/**
 * THE freshness test: every file any package generates is committed as its generator makes it.
 * One place for all of them, so a new generator is covered by being added to GENERATORS.
 */
describe("generated files", () => {
  it("every one is committed as its generator makes it", () => {
    const stale = staleOutcomes().map(
      ({ generator, file }) =>
        `${file.path} is ${readRepoFile(file.path) === undefined ? "missing" : "stale"}: made by ${generator} from ${file.from}`,
    );
    // Not a diff of the contents: a diff of a dashboard JSON would bury the file names.
    expect(stale, `run \`${GENERATE_COMMAND}\` and commit the result:\n${stale.join("\n")}`).toEqual([]);
  });

  it("come from every generating package, and no two write the same file", () => {
    const byGenerator = GENERATORS.map((g) => [g.name, g.files(REPO_ROOT).length] as const);
    expect(byGenerator.map(([name]) => name)).toEqual([
      "@cc-otel/collector",
      "@cc-otel/dashboard",
      "@cc-otel/alerts",
      "@cc-otel/k8s",
      "@cc-otel/docs",
    ]);
    for (const [name, count] of byGenerator) expect(count, name).toBeGreaterThan(0);
    const paths = GENERATORS.flatMap((g) => g.files(REPO_ROOT).map((f) => f.path));
    expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
  });
});
