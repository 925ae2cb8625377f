import { writeFiles } from "@cc-otel/repo";
import { generatedFiles } from "../generate.js";

for (const f of writeFiles(generatedFiles())) console.log(`wrote ${f.path}`);
