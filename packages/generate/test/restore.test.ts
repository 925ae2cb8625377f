import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { knownEventNamePattern } from "@cc-otel/contract";
import { PRIVACY_PAGE } from "@cc-otel/docs";
import { REPO_ROOT, repoPath } from "@cc-otel/repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATORS, generate, staleOutcomes } from "../src/index.js";

/**
 * Generation is a function of the sources alone: in a copy of the repository without its generated
 * files, `generate` makes them again, byte for byte. This proves that every generator reads its
 * inputs under the root it is given (not this checkout), that the order is right (k8s/ copies the
 * collector config only once its regions are written), and that nothing generated is needed to
 * generate.
 */
describe("regenerating a checkout whose generated files are gone", () => {
  const generated = GENERATORS.flatMap((g) => g.files(REPO_ROOT));
  const removable = generated.filter((f) => !f.inPlace).map((f) => f.path);
  const inPlace = generated.filter((f) => f.inPlace).map((f) => f.path);
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "cc-otel-generate-"));
    const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: REPO_ROOT, encoding: "utf8" })
      .split("\0")
      .filter((f) => f && existsSync(repoPath(f)) && lstatSync(repoPath(f)).isFile());
    for (const f of tracked) {
      mkdirSync(dirname(join(root, f)), { recursive: true });
      copyFileSync(repoPath(f), join(root, f));
    }
    for (const f of removable) rmSync(join(root, f));
    // A file generated in place cannot go; its generated regions can be wrong.
    const config = join(root, "stack/collector/config.yaml");
    const text = readFileSync(config, "utf8");
    expect(text).toContain(knownEventNamePattern());
    writeFileSync(config, text.replace(knownEventNamePattern(), "^(user_prompt)$"));
    const privacy = join(root, PRIVACY_PAGE);
    const page = readFileSync(privacy, "utf8");
    expect(page).toContain("| `OTEL_LOG_USER_PROMPTS=1` |");
    writeFileSync(privacy, page.replace("| `OTEL_LOG_USER_PROMPTS=1` |", "| `OTEL_LOG_USER_PROMPTS=0` |"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("starts with every generated file missing or wrong", () => {
    expect(removable.length).toBeGreaterThan(10);
    expect(inPlace).toEqual(["stack/collector/config.yaml", PRIVACY_PAGE]);
    for (const f of removable) expect(existsSync(join(root, f)), f).toBe(false);
    const stale = staleOutcomes(root).map((o) => o.file.path);
    expect(stale.sort()).toEqual(generated.map((f) => f.path).sort());
  });

  it("writes each again, byte for byte as committed", () => {
    const outcomes = generate(root);
    expect(outcomes.filter((o) => !o.written).map((o) => o.file.path)).toEqual([]);
    const differ = generated
      .map((f) => f.path)
      .filter((p) => !readFileSync(join(root, p)).equals(readFileSync(repoPath(p))));
    expect(differ).toEqual([]);
  });

  it("then has nothing left to write", () => {
    expect(generate(root).filter((o) => o.written)).toEqual([]);
  });
});
