// Parses every workflow in .github/workflows (or the files given) with GitHub's own workflow parser,
// @actions/workflow-parser, and checks that each action is pinned by a full commit SHA with its
// version in a comment ("uses: owner/repo@<40 hex> # vX.Y.Z"); an action whose commit could not be
// verified stays on a tag only with the comment "# not pinned: REASON", and is reported as a warning.
// Prints FILE:LINE:COLUMN: message for each problem and exits 1 if there is one. .ci/run runs it:
// npm ci --prefix .ci/workflow-check, then node .ci/workflow-check/check.mjs.
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { register } from "node:module";
import { fileURLToPath } from "node:url";

register("./json-hook.mjs", import.meta.url);
const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = await import("@actions/workflow-parser");

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PINNED = /^\s*-?\s*uses:\s*([^\s@#]+)@([0-9a-f]{40})\s+#\s+v\d+\.\d+\.\d+\s*$/;
const EXEMPT = /^\s*-?\s*uses:\s*([^\s@#]+)@v\d+\S*\s+#\s+not pinned:\s*\S/;

/** The problems of one workflow's text, as "LINE:COLUMN: message". */
async function problems(name, content) {
  const found = [];
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  if (parsed.value) {
    // The conversion adds the checks beyond the schema (needs, matrices, expressions).
    await convertWorkflowTemplate(parsed.context, parsed.value);
  }
  for (const e of parsed.context.errors.getErrors()) {
    const at = e.range ? `${e.range.start.line}:${e.range.start.column}` : "1:1";
    found.push(`${at}: ${e.rawMessage}`);
  }
  content.split("\n").forEach((line, i) => {
    const uses = line.match(/^\s*-?\s*uses:\s*(\S+)/);
    if (uses && EXEMPT.test(line)) {
      console.warn(`${name}:${i + 1}: warning: ${line.trim()}`);
    } else if (uses && !uses[1].startsWith("./") && !uses[1].startsWith("docker://") && !PINNED.test(line)) {
      found.push(`${i + 1}:${line.indexOf("uses:") + 1}: ${uses[1]} is not pinned as owner/repo@<full commit SHA> # vX.Y.Z`);
    }
  });
  return found;
}

// The checker must be able to fail: a workflow with a schema error and a tag-pinned action.
const broken = "on: push\npermissions:\n  contents: writ\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v7\n";
const brokenProblems = await problems("broken.yml", broken);
if (!brokenProblems.some((p) => p.startsWith("3:")) || !brokenProblems.some((p) => p.startsWith("8:"))) {
  console.error(`workflow-check: the parser accepted a broken workflow: ${JSON.stringify(brokenProblems)}`);
  process.exit(70);
}

const dir = join(root, ".github", "workflows");
const files = process.argv.length > 2
  ? process.argv.slice(2).map((f) => resolve(f))
  : readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
let failed = 0;
for (const file of files) {
  const found = await problems(basename(file), readFileSync(file, "utf8"));
  for (const p of found) {
    console.error(`${relative(process.cwd(), file)}:${p}`);
  }
  failed += found.length;
}
if (files.length === 0) {
  console.error(`workflow-check: no workflow in ${dir}`);
  process.exit(1);
}
console.log(`workflow-check: ${files.length} workflows parsed, ${failed} problems`);
process.exit(failed === 0 ? 0 : 1);
