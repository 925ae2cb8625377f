// `pnpm --filter @cc-otel/k8s generate`: rewrites the generated files under k8s/ from stack/.
import { writeFiles } from "@cc-otel/repo";
import { generatedFiles } from "./generate.js";

const files = generatedFiles();
const written = new Set(writeFiles(files).map((f) => f.path));
for (const f of files)
  console.log(`${written.has(f.path) ? "wrote    " : "unchanged"} ${f.path}  <- ${f.from}`);
