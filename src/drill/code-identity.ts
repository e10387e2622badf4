import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../util/paths.ts";
import { FIREDRILL_VERSION } from "../util/version.ts";

/**
 * Which firedrill judged a run: its version, a digest of the files that decide a
 * verdict, and the git commit when it runs from a clone. Two runs are judged by the same
 * code exactly when version and digest agree; the commit is there for a person to find
 * the code, not to compare: a working tree can differ from its commit, and an npm
 * install has none.
 */
export interface CodeIdentity {
  version: string;
  /** sha256 of SOURCE_PATHS (each file's path and content), its first 16 hex digits. */
  digest: string;
  commit?: string;
}

/**
 * What decides a verdict: the checks and the harness (src/), the lb configurations and
 * agent (assets/), the images built for the lab (images/), the shipped stacks (stacks/),
 * the entry point (bin/), scenario suites where there are any, and the exact
 * dependencies (package.json, package-lock.json). Left out on purpose: profiles/ (a
 * profile has its own digest), tests, docs, CI templates and reports, which judge nothing.
 */
export const SOURCE_PATHS = ["src", "assets", "images", "stacks", "suites", "bin", "package.json", "package-lock.json"] as const;

/** The digest of SOURCE_PATHS under `root`; a path that is not there counts as absent (a packed install has no suites/). */
export function sourceDigest(root: string): string {
  const hash = createHash("sha256");
  for (const file of SOURCE_PATHS.flatMap((p) => filesUnder(root, p)).sort()) {
    // Path and content both: a file renamed is other code.
    hash.update(`${file}\0${createHash("sha256").update(readFileSync(path.join(root, file))).digest("hex")}\n`);
  }
  return hash.digest("hex").slice(0, 16);
}

function filesUnder(root: string, relative: string): string[] {
  const full = path.join(root, relative);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [relative];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.parentPath.split(path.sep).includes("node_modules"))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

/** HEAD of the clone firedrill runs from; none when firedrill is not the root of a git clone (an npm install inside another project's repository). */
function gitCommit(root: string): string | undefined {
  if (!existsSync(path.join(root, ".git"))) return undefined;
  try {
    return execFileSync("git", ["-C", root, "rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim() || undefined;
  } catch {
    return undefined;
  }
}

let mine: CodeIdentity | undefined;

/** This firedrill's identity, computed once per process (about 340 small files: a few milliseconds). */
export function codeIdentity(): CodeIdentity {
  if (!mine) {
    const commit = gitCommit(repoRoot);
    mine = { version: FIREDRILL_VERSION, digest: sourceDigest(repoRoot), ...(commit ? { commit } : {}) };
  }
  return mine;
}

/** "0.2.0 (sources 5ca1ab1e5ca1ab1e)": what a merge compares, as it names it. */
export function codeText(code: CodeIdentity | undefined): string {
  return code ? `${code.version} (sources ${code.digest})` : "unknown (a run record from before firedrill 0.2.0)";
}
