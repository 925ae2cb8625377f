import { repoPath } from "@cc-otel/repo";

/** The docs app, whether this runs from src/reference/ (tests) or lib/ (the compiled modules). */
export const DOCS_DIR = repoPath("apps/docs");
/** Where the generated reference pages live, relative to the repository root. */
export const REFERENCE_PATH = "apps/docs/src/content/docs/reference";
