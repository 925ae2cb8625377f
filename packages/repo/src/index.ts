export {
  GENERATE_COMMAND,
  type GeneratedFile,
  readRepoFile,
  staleFiles,
  writeFiles,
} from "./generated-file.js";
export { findRepoRoot, REPO_ROOT, ROOT_MARKER, repoPath } from "./root.js";
