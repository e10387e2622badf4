import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { certificateFor } from "../../../src/certify/certificate.ts";
import { ALL_ERROR_CODES, ERROR_CODES, type ErrorCode, type ErrorCodeRow } from "../../../src/errors/error-codes.ts";
import { ExitCode, exitCodeFor } from "../../../src/errors/exit-codes.ts";
import { environmentError, type ErrorKind, FiredrillError, harnessError, inputError, platformError } from "../../../src/errors/firedrill-error.ts";
import type { Profile } from "../../../src/profiles/load-profile.ts";
import { ALLURE_CATEGORIES } from "../../../src/report/allure-categories.ts";
import { PLATFORM_FINDING, platformFinding } from "../../../src/scenarios/scenario-verdict.ts";
import { repoRoot } from "../../../src/util/paths.ts";

const SRC = path.join(repoRoot, "src");
const TABLE = path.join(SRC, "errors", "error-codes.ts");

/**
 * Strings in src/ that look like error codes but are not firedrill's: each with why, so
 * the scan below can tell them from a code someone forgot to give a row.
 */
const NOT_CODES: Record<string, string> = {
  FIREDRILL_SCENARIO_TIME_LIMIT: "an environment variable's name",
  FIREDRILL_LEASE: "an environment variable's name",
  FIREDRILL_LAB_ADDRESS: "an environment variable's name",
  FIREDRILL_FAULT_MAX: "an environment variable's name",
  SYS_RESOURCE: "a Linux capability",
  MULTIPLE_DOCS: "the yaml library's error code",
  ECONNRESET: "Node's errno code (the probe makes one for a cut-short answer)",
  ENOENT: "Node's errno code",
  ENOTDIR: "Node's errno code",
  EISDIR: "Node's errno code",
  EEXIST: "Node's errno code",
  ESRCH: "Node's errno code",
};

const CODE = `(["'\`])([A-Z][A-Z0-9_]*[A-Z0-9])\\1`;
/**
 * Where an error code is written: any literal with an underscore (WAIT_TIMEOUT), and a
 * single word (BROKEN, RESIDUE) where only a code goes: the first argument of
 * inputError & co., a `code:` property, a comparison with a `code`, a result's errorCode
 * fallback, brokenResult's last argument.
 */
const CODE_PLACES = [
  /(["'`])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\1/g,
  new RegExp(`\\b(?:input|environment|harness|platform)Error\\(\\s*${CODE}`, "g"),
  new RegExp(`\\bcode\\s*:\\s*${CODE}`, "g"),
  new RegExp(`\\b\\w*[cC]ode\\s*[!=]==?\\s*${CODE}`, "g"),
  new RegExp(`\\b[eE]rrorCode\\s*\\?\\?\\s*${CODE}`, "g"),
  new RegExp(`\\bbrokenResult\\((?:[^()]|\\([^()]*\\))*?,\\s*${CODE}\\s*,?\\s*\\)`, "g"),
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

interface Use {
  code: string;
  where: string;
}

/** Every code-like string written in src/ (outside the table itself), with where. */
function codesInSource(): Use[] {
  const uses: Use[] = [];
  for (const file of sourceFiles(SRC).filter((f) => f !== TABLE)) {
    const text = readFileSync(file, "utf8");
    for (const place of CODE_PLACES) {
      for (const match of text.matchAll(place)) {
        const line = text.slice(0, match.index).split("\n").length;
        uses.push({ code: match[2]!, where: `${path.relative(repoRoot, file)}:${line}` });
      }
    }
  }
  return uses;
}

/** `kind` of every inputError("X" / harnessError("X" / ... and `kind: "k", code: "X"` in src/. */
function kindsInSource(): Array<Use & { kind: string }> {
  const uses: Array<Use & { kind: string }> = [];
  const places = [/\b(input|environment|harness|platform)Error\(\s*"([A-Z][A-Z0-9_]*)"/g, /\bkind:\s*"(\w+)",\s*code:\s*"([A-Z][A-Z0-9_]*)"/g];
  for (const file of sourceFiles(SRC).filter((f) => f !== TABLE)) {
    const text = readFileSync(file, "utf8");
    for (const place of places) {
      for (const match of text.matchAll(place)) {
        uses.push({ kind: match[1]!, code: match[2]!, where: `${path.relative(repoRoot, file)}:${text.slice(0, match.index).split("\n").length}` });
      }
    }
  }
  return uses;
}

const isCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code);
const row = (code: ErrorCode): ErrorCodeRow => ERROR_CODES[code];

/** An error of the code, made the way src/ makes one of its kind. */
function errorOf(code: ErrorCode): FiredrillError {
  const make: Record<ErrorKind, (code: never, message: string, hint: string) => FiredrillError> = {
    input: inputError,
    environment: environmentError,
    harness: harnessError,
    platform: platformError,
  };
  return make[row(code).kind](code as never, `an error of ${code}`, "a hint");
}

describe("error codes: one table", () => {
  it("has a row for every code used in src/, and for no string that is not one", () => {
    const uses = codesInSource();
    const missing = uses.filter((u) => !isCode(u.code) && !Object.hasOwn(NOT_CODES, u.code));
    assert.deepEqual(
      missing.map((u) => `${u.code} (${u.where})`),
      [],
      "codes without a row in ERROR_CODES (src/errors/error-codes.ts): add one, or, for a string that is no firedrill code, list it in NOT_CODES with why",
    );
    assert.deepEqual(Object.keys(NOT_CODES).filter(isCode), [], "a code in the table cannot be listed as not a code");
  });

  it("has no row for a code src/ no longer uses", () => {
    const text = sourceFiles(SRC)
      .filter((f) => f !== TABLE)
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    assert.deepEqual(ALL_ERROR_CODES.filter((code) => !new RegExp(`["'\`]${code}["'\`]`).test(text)), []);
  });

  it("gives each code the kind of every place that raises it", () => {
    const wrong = kindsInSource().filter((u) => isCode(u.code) && row(u.code).kind !== u.kind);
    assert.deepEqual(wrong.map((u) => `${u.code} raised as ${u.kind} at ${u.where}, ${isCode(u.code) ? row(u.code).kind : "?"} in the table`), []);
  });

  it("derives an error's kind from its code when it is not given", () => {
    for (const code of ALL_ERROR_CODES) {
      assert.equal(new FiredrillError("x", { code, hint: "" }).kind, row(code).kind, code);
      assert.equal(errorOf(code).kind, row(code).kind, code);
    }
  });
});

describe("error codes: exits", () => {
  const allowed: Record<ErrorKind, number[]> = {
    input: [ExitCode.input, ExitCode.data, ExitCode.missing],
    environment: [ExitCode.environment, ExitCode.disk],
    harness: [ExitCode.broken],
    platform: [ExitCode.failed],
  };

  it("ends a command with the exit of its code's row", () => {
    for (const code of ALL_ERROR_CODES) {
      assert.equal(exitCodeFor(errorOf(code)), row(code).exit, code);
      assert.equal(exitCodeFor(new FiredrillError("x", { code, hint: "" })), row(code).exit, code);
    }
  });

  it("gives each kind only its own exits: the command line 64-66, the machine 69/73, the harness 2, the platform 1", () => {
    for (const code of ALL_ERROR_CODES) assert.ok(allowed[row(code).kind].includes(row(code).exit), `${code}: ${row(code).kind} exits ${row(code).exit}`);
  });

  it("tells a bad file (65) and a missing thing (66) from a bad command line (64), and no disk (73) from no engine (69)", () => {
    assert.equal(exitCodeFor(inputError("PROFILE_INVALID", "x", "")), 65);
    assert.equal(exitCodeFor(inputError("STACK_INVALID", "x", "")), 65);
    for (const code of ["PROFILE_NOT_FOUND", "STACK_NOT_FOUND", "RUN_NOT_FOUND", "NO_RESULTS", "REGISTRY_PASSWORD_FILE"] as const) {
      assert.equal(exitCodeFor(inputError(code, "x", "")), 66, code);
    }
    assert.equal(exitCodeFor(inputError("SCENARIO_UNKNOWN", "x", "")), 64);
    assert.equal(exitCodeFor(inputError("BUDGET_INVALID", "x", "")), 64);
    assert.equal(exitCodeFor(environmentError("DISK_FULL", "x", "")), 73);
    assert.equal(exitCodeFor(environmentError("ENGINE_UNREACHABLE", "x", "")), 69);
    assert.equal(exitCodeFor(harnessError("WAIT_TIMEOUT", "x", "")), 2);
    assert.equal(exitCodeFor(platformError("NODE_NOT_REJOINED", "x", "")), 1);
  });

  it("counts anything that is not a FiredrillError as a defect in firedrill (70)", () => {
    assert.equal(exitCodeFor(new Error("boom")), ExitCode.internal);
    assert.equal(exitCodeFor(Object.assign(new Error("boom"), { code: "ENOENT" })), ExitCode.internal);
    assert.equal(exitCodeFor("a string"), ExitCode.internal);
  });
});

describe("error codes: Allure categories", () => {
  /** Allure's matching: the first category whose statuses hold the result's and whose regex (Java's, whole message) matches. */
  function categoryOf(status: "broken" | "failed", message: string): string | undefined {
    return ALLURE_CATEGORIES.find((c) => {
      if (!(c.matchedStatuses as string[]).includes(status)) return false;
      const regex = (c as { messageRegex?: string }).messageRegex;
      if (regex === undefined) return true;
      const dotAll = regex.startsWith("(?s)");
      return new RegExp(`^(?:${dotAll ? regex.slice(4) : regex})$`, dotAll ? "s" : "").test(message);
    })?.name;
  }

  /**
   * The message a result carrying the code has in the report, as drill-scenario.ts writes
   * it: a broken one "[CODE] <title> broke: <reason>"; a failed one (a platform finding)
   * "<title>: <check>: <detail>" for its failed checks.
   */
  function messageOf(code: ErrorCode): { status: "broken" | "failed"; message: string } {
    if (row(code).kind !== "platform") return { status: "broken", message: `[${code}] Host halt broke: something\nover two lines` };
    const check = platformFinding("method", errorOf(code));
    return { status: "failed", message: `Host halt: ${check.name}: ${check.detail}` };
  }

  it("names only categories there are", () => {
    const names = ALLURE_CATEGORIES.map((c) => c.name as string);
    for (const code of ALL_ERROR_CODES) assert.ok(names.includes(row(code).category), `${code}: ${row(code).category}`);
  });

  it("sorts each category's results to exactly the codes the table gives it", () => {
    for (const category of ALLURE_CATEGORIES) {
      const sorted = ALL_ERROR_CODES.filter((code) => {
        const { status, message } = messageOf(code);
        return categoryOf(status, message) === category.name;
      });
      assert.deepEqual(sorted, ALL_ERROR_CODES.filter((code) => row(code).category === category.name), category.name);
    }
  });

  it("still sorts what has no code of the table: an unknown code is the harness's, a missed budget is a budget, lost data a defect", () => {
    assert.equal(categoryOf("broken", "[ECONNREFUSED] Host halt broke: connect ECONNREFUSED"), "Harness broken");
    assert.equal(categoryOf("broken", "Host halt broke without a code"), "Harness broken");
    assert.equal(categoryOf("failed", "Host halt: time to recover: recovered 4.2s after T0 (budget 3s)"), "Budget missed");
    assert.equal(categoryOf("failed", "Host halt: durability: 2 posts lost"), "Platform defect");
    assert.equal(categoryOf("failed", `Host halt: ${PLATFORM_FINDING}: revert: node never rejoined`), "Platform defect");
  });
});

describe("error codes: what a certificate says", () => {
  const profile = { file: "profiles/x.yaml", name: "x", description: "x", digest: "0", budgets: {}, scenarioBudgets: {} } as unknown as Profile;
  const certificateOn = (code: string) =>
    certificateFor(
      { profile, runId: "rabc1234", startedAt: 0, endedAt: 1, results: [], labError: Object.assign(new Error("the lab did not come up"), { code }) },
      { catalog: [] },
    );

  it("reads a lab that did not come up as its code's row says: not certified, with the row's meaning, or broken", () => {
    for (const code of ALL_ERROR_CODES) {
      const c = certificateOn(code);
      if (row(code).certificate === "not certified") {
        assert.equal(c.status, "not certified", code);
        assert.equal(c.reason, `${row(code).meaning}: the lab did not come up`, code);
      } else {
        assert.equal(c.status, "broken", code);
        assert.equal(c.reason, "the lab did not come up", code);
      }
    }
    assert.equal(certificateOn("ENOENT").status, "broken");
  });

  it("says not judged for what judges nothing, and a verdict on the configuration only for the platform", () => {
    for (const code of ALL_ERROR_CODES) {
      const { kind, certificate, meaning } = row(code);
      if (kind === "platform") assert.equal(certificate, "not certified", code);
      if (kind === "input" || kind === "environment") assert.equal(certificate, "broken", code);
      if (certificate === "broken") assert.match(meaning, /^not judged: /, code);
      else assert.match(meaning, /^the platform /, code);
    }
  });
});

describe("error codes: a lab the runner could not build is broken, in certify as in drill", () => {
  const profile = { file: "profiles/x.yaml", name: "x", description: "x", digest: "0", budgets: {}, scenarioBudgets: {} } as unknown as Profile;
  const certify = (code: string, message: string) =>
    certificateFor({ profile, runId: "rabc1234", startedAt: 0, endedAt: 1, results: [], labError: Object.assign(new Error(message), { code }) }, { catalog: [] }).status;

  it("gives a host that did not start on the runner's engine, or could not be reached, exit 2 and a broken certificate", () => {
    const cases: Array<[string, string]> = [
      ["HOST_START_FAILED", "host-2 did not start: (HTTP code 500) server error - failed to create task for container: OCI runtime create failed"],
      ["HOST_UNREACHABLE", "db-3: db-3.example.internal does not resolve"],
      ["HOST_UNREACHABLE", "db-3: the TLS handshake failed (EPROTO): the engine refuses the certificates in certs/db-3, or they do not trust its certificate"],
      ["SWARM_FORM_FAILED", "Swarm could not be formed: connect ECONNREFUSED 127.0.0.1:40111"],
    ];
    for (const [code, message] of cases) {
      assert.equal(certify(code, message), "broken", `${code}: ${message}`);
      assert.equal(exitCodeFor(new FiredrillError(message, { code: code as ErrorCode, hint: "" })), ExitCode.broken, code);
    }
  });

  it("keeps not certified for the configuration's own refusal alone: dockerd rejecting it, Swarm refusing it", () => {
    assert.equal(certify("CONFIG_REFUSED", "host-2: dockerd refused its configuration: unknown flag: --no-such-dockerd-flag"), "not certified");
    assert.equal(certify("SWARM_REFUSED", "Swarm could not be formed: --live-restore daemon configuration is incompatible with swarm mode"), "not certified");
    assert.deepEqual(ALL_ERROR_CODES.filter((code) => row(code).kind === "harness" && row(code).certificate === "not certified"), ["CONFIG_REFUSED", "SWARM_REFUSED"]);
  });
});
