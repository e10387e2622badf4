import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { paths } from "../../../src/util/paths.ts";

const SCRIPT = path.join(paths.stacks, "wordpress", "images", "wordpress", "wordpress-install.sh");

/** A WordPress error page as wp_die writes it: styles in the head, the message in the body. */
const ERROR_PAGE = `<!DOCTYPE html>
<html lang="en-US">
<head>
\t<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
\t<title>WordPress &rsaquo; Error</title>
\t<style type="text/css">
\t\thtml {
\t\t\tbackground: #f1f1f1;
\t\t}
\t\tbody { color: #444; font-family: -apple-system, sans-serif; }
\t</style>
</head>
<body id="error-page">
\t<div class="wp-die-message"><h1>Error establishing a database connection</h1></div></body>
</html>`;

/**
 * Runs the installer with a curl on PATH that answers with `page` and `status`, as curl's
 * `-w '\\n%{http_code}'` does: the script's reading of the answer, without a server.
 */
function install(page: string, status: number): { code: number | null; out: string } {
  const bin = mkdtempSync(path.join(tmpdir(), "firedrill-curl-"));
  try {
    writeFileSync(path.join(bin, "answer"), `${page}\n${status}`);
    writeFileSync(path.join(bin, "curl"), `#!/bin/sh\ncat > /dev/null\ncat "${path.join(bin, "answer")}"\n`);
    chmodSync(path.join(bin, "curl"), 0o755);
    const run = spawnSync("sh", [SCRIPT], { input: "c2VjcmV0", encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    return { code: run.status, out: run.stdout + run.stderr };
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

describe("the WordPress stack's installer (run in a task)", () => {
  it("says what the page says when the install fails: the body's text, not the head's styles", () => {
    const { code, out } = install(ERROR_PAGE, 500);
    assert.equal(code, 1);
    assert.equal(out.trim(), "the installer answered 500: Error establishing a database connection");
  });

  it("succeeds on the installer's success page, and on a site already installed", () => {
    assert.deepEqual(install("<html><body><h1>Success!</h1></body></html>", 200), { code: 0, out: "installed\n" });
    assert.deepEqual(install("<html><body><h1>Already Installed</h1></body></html>", 200), { code: 0, out: "installed\n" });
  });

  it("refuses to run without a password on stdin", () => {
    const run = spawnSync("sh", [SCRIPT], { input: "", encoding: "utf8" });
    assert.equal(run.status, 2);
    assert.match(run.stdout, /no admin password on stdin/);
  });
});
