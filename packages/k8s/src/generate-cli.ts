// `pnpm --filter @cc-otel/k8s generate`: rewrites the generated files under k8s/ from stack/.
import { generatedFiles, writeGeneratedFiles } from "./generate.js";

const written = writeGeneratedFiles();
for (const f of generatedFiles()) {
  const changed = written.some((w) => w.path === f.path);
  console.log(`${changed ? "wrote    " : "unchanged"} ${f.path}  <- ${f.from}`);
}
