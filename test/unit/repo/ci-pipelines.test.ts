import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import {
  GITHUB,
  GITLAB,
  type Json,
  githubJobs,
  gitlabJobEntries,
  gitlabJobs,
  isRecord,
  list,
  loadYaml,
  read,
  record,
  root,
  text,
  tryLoadYaml,
  usesAction,
} from "./ci-yaml.ts";

/**
 * The CI templates users copy (ci/github, ci/gitlab) must keep calling things that exist:
 * npm scripts from package.json, firedrill commands and options from the CLI, outputs under
 * reports/. Both run the drill in shards and merge them in a last job; their linting, action
 * versions and shard layout are ci-workflows.test.ts's.
 */

/**
 * Commands the pipelines call that are being added by another change. While a command's
 * file (src/cli/commands/<name>.ts) does not exist yet, its check is skipped (reported as
 * pending); once the file exists, the command must be registered like any other.
 */
const pendingCommands = new Set(["report", "certify"]);

// ---------------------------------------------------------------------------------------
// The firedrill CLI's commands. src/cli/main.ts exports no program builder (main() builds
// and parses in one go, and importing it loads the whole harness), so the list is read
// from the sources: the `*Command` factories main.ts imports from ./commands/ and uses,
// each matched to the `new Command("<name>")` in its function.

function liveCliCommands(): string[] {
  const main = read("src/cli/main.ts");
  const importRe = /import\s*\{([^}]*)\}\s*from\s*["']\.\/commands\/([\w.-]+?)(?:\.ts|\.js)?["']\s*;?/g;
  const body = main.replace(importRe, "");
  const names: string[] = [];
  for (const [, specifiers = "", file = ""] of main.matchAll(importRe)) {
    const source = read(`src/cli/commands/${file}.ts`);
    for (const specifier of specifiers.split(",").map((s) => s.trim()).filter(Boolean)) {
      const [exported = "", local = exported] = specifier.split(/\s+as\s+/).map((s) => s.trim());
      if (!exported.endsWith("Command")) continue;
      if (!new RegExp(`\\b${local}\\b`).test(body)) continue; // imported but not registered
      const start = source.search(new RegExp(`(?:function\\s+${exported}\\b|\\b(?:const|let)\\s+${exported}\\s*=)`));
      const name = /new\s+Command\(\s*(["'`])([\w-]+)\1\s*\)/.exec(source.slice(Math.max(start, 0)))?.[2];
      if (name) names.push(name);
    }
  }
  return names;
}

function assertCliCommand(ctx: Mocha.Context, command: string, where: string): void {
  const live = liveCliCommands();
  if (live.includes(command)) return;
  if (pendingCommands.has(command) && !existsSync(path.join(root, "src/cli/commands", `${command}.ts`))) {
    // Pending: src/cli/commands/<command>.ts is being written; this check runs once it exists.
    ctx.skip();
  }
  assert.fail(
    `${where} calls \`firedrill ${command}\`, but the CLI has no such command (it has: ${live.join(", ")}).` +
      (pendingCommands.has(command) ? ` src/cli/commands/${command}.ts exists: is it registered in src/cli/main.ts?` : ""),
  );
}

// ---------------------------------------------------------------------------------------
// What the pipelines run.

/** Every shell script of a GitHub workflow: the `run:` of every step of every job. */
function githubScripts(workflow: Json): string[] {
  const scripts: string[] = [];
  for (const [jobName, job] of Object.entries(record(workflow.jobs, "jobs"))) {
    for (const step of list(record(job, `jobs.${jobName}`).steps, `jobs.${jobName}.steps`)) {
      const run = record(step, `a step of ${jobName}`).run;
      if (run !== undefined) scripts.push(text(run, `a run: of ${jobName}`));
    }
  }
  return scripts;
}

const GITLAB_SCRIPT_KEYS = ["before_script", "script", "after_script"] as const;

/** Every shell line of a GitLab pipeline: the before_script/script/after_script of every job and of default. */
function gitlabScripts(pipeline: Json): string[] {
  const scripts: string[] = [];
  const flatten = (value: unknown, what: string): void => {
    if (Array.isArray(value)) for (const v of value) flatten(v, what);
    else scripts.push(text(value, what));
  };
  for (const [name, job] of Object.entries(pipeline)) {
    if (!isRecord(job)) continue;
    for (const key of GITLAB_SCRIPT_KEYS) if (job[key] !== undefined) flatten(job[key], `${name}.${key}`);
  }
  return scripts;
}

/** The npm scripts named by `npm run X` / `npm run-script X` (options before X allowed). */
function npmRunScripts(scripts: readonly string[]): string[] {
  const re = /\bnpm\s+(?:run-script|run)(?:\s+--?[\w-]+(?:=\S+)?)*\s+([\w:.-]+)/g;
  return scripts.flatMap((s) => [...s.matchAll(re)].map((m) => m[1] ?? ""));
}

/** The firedrill commands named by `npx firedrill X` or `node bin/firedrill.js X`. */
function firedrillCommands(scripts: readonly string[]): string[] {
  const re = /(?:\bnpx(?:\s+--?[\w-]+(?:=\S+)?)*\s+firedrill|\bnode\s+(?:\.\/)?bin\/firedrill\.js)\s+([a-z][\w-]*)/g;
  return scripts.flatMap((s) => [...s.matchAll(re)].map((m) => m[1] ?? ""));
}

const packageScripts = Object.keys(record(record(JSON.parse(read("package.json")), "package.json").scripts, "package.json scripts"));

// ---------------------------------------------------------------------------------------
// Cron: POSIX 5-field syntax, as GitHub's schedule accepts it.

const CRON_FIELDS = [
  { name: "minute", min: 0, max: 59, names: [] },
  { name: "hour", min: 0, max: 23, names: [] },
  { name: "day of month", min: 1, max: 31, names: [] },
  { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { name: "day of week", min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
] as const;

/** What is wrong with a cron expression; empty when it is valid. */
function cronProblems(expression: string): string[] {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return [`"${expression}" has ${fields.length} fields, not 5`];
  const problems: string[] = [];
  fields.forEach((field, i) => {
    const spec = CRON_FIELDS[i]!;
    const value = (token: string): number | undefined => {
      const named = (spec.names as readonly string[]).indexOf(token.toUpperCase());
      if (named >= 0) return spec.min + named;
      return /^\d+$/.test(token) ? Number(token) : undefined;
    };
    for (const item of field.split(",")) {
      const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
      const bad = () => problems.push(`${spec.name} "${item}" is not valid (${spec.min}-${spec.max})`);
      if (!m) {
        bad();
        continue;
      }
      const [range = "", step] = [m[1], m[2]];
      if (step !== undefined && (Number(step) < 1 || Number(step) > spec.max)) bad();
      if (range === "*") continue;
      const ends = range.split("-").map(value);
      if (ends.some((n) => n === undefined || n < spec.min || n > spec.max)) bad();
      else if (ends.length === 2 && ends[0]! > ends[1]!) bad();
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------

/** Where in a shell script the first command (not a comment) matching `re` is; -1 if none. */
function commandAt(script: string, re: RegExp): number {
  let offset = 0;
  for (const line of script.split("\n")) {
    const code = line.replace(/(^|\s)#.*$/, "");
    if (re.test(code)) return offset;
    offset += line.length + 1;
  }
  return -1;
}

function underReports(p: string): boolean {
  const normal = path.posix.normalize(p.trim());
  return normal === "reports" || normal === "reports/" || normal.startsWith("reports/");
}

/** Whether a step's `run:` has a command (not a comment) matching `re`. */
function runs(step: Json, re: RegExp): boolean {
  return typeof step.run === "string" && commandAt(step.run, re) >= 0;
}

/** The `if:` of a step or job, true when it makes it run after an earlier failure. */
function runsAfterFailure(step: Json): boolean {
  const condition = typeof step.if === "string" ? step.if : "";
  return /\balways\(\)|!\s*cancelled\(\)|\bfailure\(\)/.test(condition);
}

function githubWorkflow() {
  return githubJobs(loadYaml(GITHUB));
}

function gitlabPipeline() {
  return gitlabJobs(loadYaml(GITLAB));
}

/** A GitLab job's script lines, joined. */
function gitlabJobScript(job: Json): string {
  return gitlabScripts({ job }).join("\n");
}

// ---------------------------------------------------------------------------------------
// The options the pipelines pass to firedrill's commands.

/**
 * Options the pipelines pass that are being added by another change (sharded drills: issue
 * 13). While the command's source does not declare one yet, its check is skipped (pending);
 * once it does, the check runs like any other.
 */
const pendingOptions = new Set(["--shard", "--merge"]);

/** The firedrill command each npm script runs (`"drill": "node bin/firedrill.js drill"`). */
const npmScriptCommands = new Map(
  Object.entries(record(record(JSON.parse(read("package.json")), "package.json").scripts, "package.json scripts")).flatMap(([name, script]) => {
    const m = /^node\s+(?:\.\/)?bin\/firedrill\.js\s+([a-z][\w-]*)/.exec(String(script));
    return m ? [[name, m[1]!] as const] : [];
  }),
);

/** Every `firedrill <command> --option` in the scripts (comments left out), `npm run X -- --option` included. */
function firedrillOptions(scripts: readonly string[]): { command: string; option: string }[] {
  const found: { command: string; option: string }[] = [];
  const direct = /(?:\bnpx(?:\s+--?[\w-]+(?:=\S+)?)*\s+firedrill|\bnode\s+(?:\.\/)?bin\/firedrill\.js)\s+([a-z][\w-]*)([^;&|]*)/g;
  const viaNpm = /\bnpm\s+run\s+([\w:.-]+)\s+--\s([^;&|]*)/g;
  for (const script of scripts) {
    for (const line of script.split("\n").map((l) => l.replace(/(^|\s)#.*$/, ""))) {
      const calls = [
        ...[...line.matchAll(direct)].map((m) => [m[1]!, m[2]!] as const),
        ...[...line.matchAll(viaNpm)].flatMap((m) => (npmScriptCommands.has(m[1]!) ? [[npmScriptCommands.get(m[1]!)!, m[2]!] as const] : [])),
      ];
      for (const [command, rest] of calls) {
        for (const [, option] of rest.matchAll(/(?:^|\s)(--[a-z][\w-]*)/g)) found.push({ command, option: option! });
      }
    }
  }
  return found;
}

/** The source of the command file that makes `new Command("<command>")`. */
function commandSource(command: string): string | undefined {
  const dir = "src/cli/commands";
  for (const file of readdirSync(path.join(root, dir)).filter((f) => f.endsWith(".ts"))) {
    const source = read(`${dir}/${file}`);
    if (new RegExp(`new\\s+Command\\(\\s*["'\`]${command}["'\`]\\s*\\)`).test(source)) return source;
  }
  return undefined;
}

function assertCliOption(ctx: Mocha.Context, command: string, option: string, where: string): void {
  const source = commandSource(command);
  if (source === undefined) ctx.skip(); // no such command: the command checks above report it
  if (new RegExp(`["'\`](?:-\\w,\\s*)?${option}(?![\\w-])`).test(source!)) return;
  if (pendingOptions.has(option)) ctx.skip(); // pending: being added to the CLI by another change
  assert.fail(`${where} passes \`firedrill ${command} ${option}\`, but the command declares no ${option}`);
}

describe("CI pipeline templates", () => {
  describe("the firedrill CLI's commands, as read from src/cli", () => {
    it("are found, and include drill", () => {
      const live = liveCliCommands();
      assert.ok(live.length > 0, "no command found in src/cli/main.ts and src/cli/commands/*.ts");
      assert.ok(live.includes("drill"), `"drill" is not among ${live.join(", ")}`);
      assert.equal(new Set(live).size, live.length, `a command name appears twice: ${live.join(", ")}`);
    });
  });

  describe("the cron checker the tests rely on", () => {
    it("accepts valid expressions and rejects invalid ones", () => {
      for (const ok of ["17 2 * * *", "0 0 1 1 0", "*/15 0-6 1,15 JAN-MAR MON-FRI", "59 23 31 12 6"]) {
        assert.deepEqual(cronProblems(ok), [], ok);
      }
      for (const bad of ["17 2 * *", "60 2 * * *", "0 24 * * *", "0 0 0 * *", "0 0 * 13 *", "0 0 * * 7", "*/0 * * * *", "5-1 * * * *", "x * * * *", "17 2 * * * *"]) {
        assert.notDeepEqual(cronProblems(bad), [], bad);
      }
    });
  });

  // One check per firedrill command the pipelines call, across both files.
  const called = new Map<string, string[]>();
  const githubParsed = tryLoadYaml(GITHUB);
  const gitlabParsed = tryLoadYaml(GITLAB);
  for (const [file, commands] of [
    [GITHUB, githubParsed ? firedrillCommands(githubScripts(githubParsed)) : []],
    [GITLAB, gitlabParsed ? firedrillCommands(gitlabScripts(gitlabParsed)) : []],
  ] as const) {
    for (const command of commands) called.set(command, [...new Set([...(called.get(command) ?? []), file])]);
  }

  describe("the firedrill commands the pipelines call", () => {
    it("include the report (in both files)", () => {
      assert.deepEqual(called.get("report"), [GITHUB, GITLAB], "both pipelines should run `npx firedrill report`");
      assert.deepEqual(called.get("certify"), [GITHUB, GITLAB], "both pipelines should be able to certify a profile");
    });
    for (const [command, files] of called) {
      it(`firedrill ${command} (called by ${files.join(", ")}) is a CLI command`, function () {
        assertCliCommand(this, command, files.join(" and "));
      });
    }
  });

  // One check per option passed to a firedrill command, across both files.
  const passed = new Map<string, { command: string; option: string; files: string[] }>();
  for (const [file, options] of [
    [GITHUB, githubParsed ? firedrillOptions(githubScripts(githubParsed)) : []],
    [GITLAB, gitlabParsed ? firedrillOptions(gitlabScripts(gitlabParsed)) : []],
  ] as const) {
    for (const { command, option } of options) {
      const key = `${command} ${option}`;
      const entry = passed.get(key) ?? { command, option, files: [] };
      if (!entry.files.includes(file)) entry.files.push(file);
      passed.set(key, entry);
    }
  }

  describe("the options the pipelines pass to firedrill", () => {
    it("include the shards and their merge (in both files)", () => {
      for (const key of ["drill --shard", "certify --shard", "report --merge", "certify --merge"]) {
        assert.deepEqual(passed.get(key)?.files, [GITHUB, GITLAB], `both pipelines should run \`firedrill ${key}\``);
      }
    });
    for (const { command, option, files } of passed.values()) {
      it(`firedrill ${command} ${option} (passed by ${files.join(", ")}) is an option of the command`, function () {
        assertCliOption(this, command, option, files.join(" and "));
      });
    }
  });

  describe(GITHUB, () => {
    it("parses as YAML", () => {
      loadYaml(GITHUB);
    });

    it("runs on a nightly schedule with a valid 5-field cron", () => {
      const on = record(loadYaml(GITHUB).on, "on");
      const schedule = list(on.schedule, "on.schedule");
      assert.ok(schedule.length > 0, "on.schedule is empty");
      for (const entry of schedule) {
        const cron = text(record(entry, "a schedule entry").cron, "cron");
        assert.deepEqual(cronProblems(cron), [], `cron "${cron}"`);
        const [minute = "", hour = ""] = cron.trim().split(/\s+/);
        assert.match(`${minute} ${hour}`, /^\d+ \d+$/, `"${cron}" should run once a day at a fixed time`);
      }
    });

    it("can be started by hand with an optional profile", () => {
      const on = record(loadYaml(GITHUB).on, "on");
      assert.ok("workflow_dispatch" in on, "no workflow_dispatch");
      const profile = record(record(record(on.workflow_dispatch, "workflow_dispatch").inputs, "inputs").profile, "inputs.profile");
      assert.notEqual(profile.required, true, "the profile input should be optional");
      assert.equal(profile.type ?? "string", "string");
    });

    it("runs every job on ubuntu-latest", () => {
      for (const [name, job] of Object.entries(record(loadYaml(GITHUB).jobs, "jobs"))) {
        assert.equal(record(job, name)["runs-on"], "ubuntu-latest", name);
      }
    });

    it("runs only npm scripts that exist in package.json, including drill", () => {
      const named = npmRunScripts(githubScripts(loadYaml(GITHUB)));
      assert.ok(named.includes("drill"), `no \`npm run drill\` (found: ${named.join(", ")})`);
      for (const script of named) assert.ok(packageScripts.includes(script), `\`npm run ${script}\`: package.json has no script "${script}"`);
    });

    it("pins every action to a major version", () => {
      const { shardSteps, mergeSteps } = githubWorkflow();
      for (const step of [...shardSteps, ...mergeSteps]) {
        if (step.uses === undefined) continue;
        assert.match(text(step.uses, "uses"), /^[\w.-]+\/[\w./-]+@v\d+(\.\d+){0,2}$/, `${String(step.uses)} is not pinned to a version`);
      }
    });

    it("each shard installs with npm ci, then runs its share of the drill or certifies its share of the profile", () => {
      const { shardSteps: steps } = githubWorkflow();
      const install = steps.findIndex((s) => runs(s, /^\s*npm ci\b/m));
      const drill = steps.findIndex((s) => runs(s, /\bnpm run drill\b/));
      assert.ok(install >= 0, "no `npm ci` step");
      assert.ok(drill > install, "the drill should run after `npm ci`");
      const run = text(steps[drill]!.run, "the drill step");
      assert.match(run, /npm run drill -- --shard /, "the drill step should run its shard");
      assert.match(run, /npx firedrill certify --profile .*--shard /, "the drill step should certify its shard when a profile is given");
      assert.match(text(record(steps[drill]!.env, "the drill step's env").PROFILE, "PROFILE"), /\binputs\.profile\b/);
    });

    it("each shard keeps going after a failed drill, and leaves its exit code beside its results", () => {
      const { shardSteps: steps } = githubWorkflow();
      const drillAt = steps.findIndex((s) => runs(s, /\bnpm run drill\b/));
      const drill = steps[drillAt]!;
      const id = text(drill.id, "the drill step's id");
      const run = text(drill.run, "the drill step's run");
      const captured = drill["continue-on-error"] === true || (/\bset \+e\b/.test(run) && /code=\$\?/.test(run) && /exit 0\s*$/.test(run));
      assert.ok(captured, "the drill step should not stop the job: continue-on-error, or set +e, keep $? and exit 0");
      assert.match(run, /exit-code=\$code"? >> "\$GITHUB_OUTPUT"/, "the drill step should output its exit code");
      const recordAt = steps.findIndex((s, i) => i > drillAt && JSON.stringify(s).includes(`steps.${id}.outputs.exit-code`));
      assert.ok(recordAt > drillAt, "a step after the drill should read its exit code");
      assert.ok(runsAfterFailure(steps[recordAt]!), "the exit code should be recorded after a failure too");
      assert.match(text(steps[recordAt]!.run, "the record step's run"), /> "\$FIREDRILL_REPORTS\/exit-code"/, "the exit code should land in the shard's folder");
      const uploadAt = steps.findIndex((s) => usesAction(s, "actions/upload-artifact"));
      assert.ok(uploadAt > recordAt, "the shard's folder should be uploaded after its exit code is written");
      assert.ok(runsAfterFailure(steps[uploadAt]!), "the shard's folder should be uploaded after a failure too");
      assert.ok(underReports(text(record(steps[uploadAt]!.with, "upload with").path, "upload path")), "the shard's artifact should be under reports/");
    });

    it("the merge job runs after failed shards too, and ends with the night's exit code", () => {
      const { merge, mergeSteps: steps } = githubWorkflow();
      assert.ok(runsAfterFailure(merge), "the merge job should run after a failed shard (if: !cancelled() or always())");
      const shardsAt = steps.findIndex((s) => runs(s, /exit-code/) && runs(s, /\bfor i in\b/));
      assert.ok(shardsAt >= 0, "no step reads the shards' exit codes");
      assert.ok(runsAfterFailure(steps[shardsAt]!), "the shards' exit codes should be read after a failure too");
      const id = text(steps[shardsAt]!.id, "the shards step's id");
      const gate = steps[steps.length - 1]!;
      assert.ok(runsAfterFailure(gate), "the last step should run after a failure (if: !cancelled() or always())");
      assert.ok(JSON.stringify(gate).includes(`steps.${id}.outputs.exit-code`), "the last step should read the shards' exit code");
      assert.match(text(gate.run, "the last step's run"), /exit "\$CODE"\s*$/, "the last step should exit with the night's code");
    });

    it("the merge job makes one report from the shards, whatever their verdicts", () => {
      const { mergeSteps: steps } = githubWorkflow();
      const download = steps.findIndex((s) => usesAction(s, "actions/download-artifact"));
      const report = steps.findIndex((s) => runs(s, /\bnpx firedrill report --merge\b/));
      assert.ok(download >= 0 && report > download, "`npx firedrill report --merge` should run after the shards are downloaded");
      assert.ok(runsAfterFailure(steps[download]!), "the shards should be downloaded after a failure too");
      assert.ok(runsAfterFailure(steps[report]!), "the report step should run after a failure");
    });

    it("the night's code includes the merged report's, which exits as a drill would (a missing scenario is broken)", () => {
      const { mergeSteps: steps } = githubWorkflow();
      const report = steps.find((s) => runs(s, /\bnpx firedrill report --merge\b/))!;
      const script = text(report.run, "the report step's run");
      const merged = commandAt(script, /\bnpx firedrill report --merge\b/);
      const errexitOff = commandAt(script, /\bset \+e\b/);
      assert.ok(errexitOff >= 0 && errexitOff < merged, "errexit should be off around the merge, so that its exit code is kept");
      assert.ok(commandAt(script, /\bcode=\$\?/) > merged, "the merge's exit code should be kept right after it runs");
      assert.match(script, /echo "exit-code=\$code" >> "\$GITHUB_OUTPUT"/, "the merge's exit code should be the step's output");
      const id = text(report.id, "the report step's id");
      const gate = steps[steps.length - 1]!;
      assert.ok(JSON.stringify(gate).includes(`steps.${id}.outputs.exit-code`), "the last step should read the merged report's exit code");
      const gateScript = text(gate.run, "the last step's run");
      assert.match(gateScript, /if \[ "\$REPORT_CODE" -gt "\$CODE" \]; then CODE=\$REPORT_CODE; fi/, "the merged report's code should raise the night's");
      assert.match(gateScript, /if \[ -z "\$REPORT_CODE" \]; then[\s\S]*REPORT_CODE=2/, "a night without its merged report is not a pass");
    });

    it("restores the Allure history before the report and saves it after, per run with a prefix fallback", () => {
      const { mergeSteps: steps } = githubWorkflow();
      const restoreAt = steps.findIndex((s) => usesAction(s, "actions/cache/restore") || usesAction(s, "actions/cache"));
      const saveAt = steps.findIndex((s) => usesAction(s, "actions/cache/save"));
      const reportAt = steps.findIndex((s) => runs(s, /\bnpx firedrill report\b/));
      assert.ok(restoreAt >= 0 && restoreAt < reportAt, "the history should be restored before `npx firedrill report`");
      const restore = record(steps[restoreAt]!.with, "restore with");
      assert.equal(restore.path, "reports/allure-report/history");
      const key = text(restore.key, "restore key");
      assert.match(key, /\$\{\{\s*github\.run_id\s*\}\}/, "the key should be unique to the run");
      const prefixes = text(restore["restore-keys"], "restore-keys").split("\n").map((s) => s.trim()).filter(Boolean);
      assert.ok(prefixes.some((p) => key.startsWith(p) && p.length < key.length), `a restore-keys entry should be a prefix of ${key}`);
      if (usesAction(steps[restoreAt]!, "actions/cache/restore")) {
        assert.ok(saveAt > reportAt, "the history should be saved after `npx firedrill report`");
        const save = steps[saveAt]!;
        assert.ok(runsAfterFailure(save), "the history should be saved after a failed drill too");
        const saveWith = record(save.with, "save with");
        assert.equal(saveWith.path, "reports/allure-report/history");
        const restoreId = text(steps[restoreAt]!.id, "the restore step's id");
        assert.ok(saveWith.key === key || saveWith.key === `\${{ steps.${restoreId}.outputs.cache-primary-key }}`, "save under the restore step's key");
      }
    });

    it("uploads the reports, all under reports/, after a failure too", () => {
      const { mergeSteps: steps } = githubWorkflow();
      const upload = steps.find((s) => usesAction(s, "actions/upload-artifact"));
      assert.ok(upload, "no actions/upload-artifact step");
      assert.ok(runsAfterFailure(upload), "the upload should run after a failure");
      const paths = text(record(upload.with, "upload with").path, "upload path").split("\n").map((s) => s.trim()).filter(Boolean);
      for (const p of paths) assert.ok(underReports(p.replace(/^!/, "")), `artifact path ${p} is not under reports/`);
      for (const wanted of ["reports/allure-report", "reports/certificates", "reports/shards"]) {
        assert.ok(paths.some((p) => path.posix.normalize(p).replace(/\/$/, "") === wanted), `the artifact should include ${wanted}`);
      }
    });

    it("publishes every shard's junit.xml with a pinned JUnit action, after a failure too", () => {
      const { mergeSteps: steps } = githubWorkflow();
      const junit = steps.find((s) => usesAction(s, "mikepenz/action-junit-report") || usesAction(s, "dorny/test-reporter"));
      assert.ok(junit, "no JUnit publishing step");
      assert.ok(runsAfterFailure(junit), "JUnit should be published after a failure");
      const w = record(junit.with, "junit with");
      assert.equal(w.report_paths ?? w.path, "reports/shards/*/junit.xml");
      const permissions = record(loadYaml(GITHUB).permissions, "permissions");
      assert.equal(permissions.checks, "write", "publishing a check run needs checks: write");
    });
  });

  describe(GITLAB, () => {
    it("parses as YAML", () => {
      loadYaml(GITLAB);
    });

    it("runs in scheduled pipelines", () => {
      for (const [name, job] of gitlabJobEntries(loadYaml(GITLAB))) {
        const rules = list(job.rules, `${name}.rules`).map((r) => String(record(r, "rule").if ?? ""));
        assert.ok(rules.some((r) => /^\$CI_PIPELINE_SOURCE\s*==\s*["']schedule["']$/.test(r.trim())), `${name}: no schedule rule in ${rules.join("; ")}`);
      }
    });

    it("runs the shards with a docker:dind service over TLS", () => {
      const { shard: job } = gitlabPipeline();
      const services = list(job.services, "services").map((s) => (isRecord(s) ? s : { name: s }));
      const dind = services.find((s) => /^docker:(\d[\w.]*-)?dind$/.test(String(s.name)));
      assert.ok(dind, "no docker:dind service");
      const host = text(record(job.variables, "variables").DOCKER_HOST, "DOCKER_HOST");
      const alias = String(dind.alias ?? "docker");
      assert.equal(host, `tcp://${alias}:2376`);
      const v = record(job.variables, "variables");
      assert.equal(v.DOCKER_TLS_CERTDIR, "/certs");
      assert.equal(v.DOCKER_TLS_VERIFY, "1");
      assert.equal(v.DOCKER_CERT_PATH, "/certs/client");
    });

    it("runs only npm scripts that exist in package.json, including drill", () => {
      const named = npmRunScripts(gitlabScripts(loadYaml(GITLAB)));
      assert.ok(named.includes("drill"), `no \`npm run drill\` (found: ${named.join(", ")})`);
      for (const script of named) assert.ok(packageScripts.includes(script), `\`npm run ${script}\`: package.json has no script "${script}"`);
    });

    it("each shard keeps its drill's exit code, leaves it beside its results, then exits with it", () => {
      const script = gitlabJobScript(gitlabPipeline().shard);
      const drill = commandAt(script, /\bnpm run drill\b/);
      const captured = commandAt(script, /\bcode=\$\?/);
      assert.ok(drill >= 0 && captured > drill, "the drill's exit code should be kept right after it runs");
      const errexitOff = commandAt(script, /\bset \+e\b/);
      assert.ok(errexitOff >= 0 && errexitOff < drill, "errexit should be off around the drill, so that a failed drill still leaves its exit code");
      assert.equal(commandAt(script.slice(errexitOff, captured), /\bset -[a-z]*e/), -1, "errexit should stay off until the exit code is kept");
      assert.match(script, /> "\$FIREDRILL_REPORTS\/exit-code"; exit "\$1"/, "finish() should write the exit code, then exit with it");
      assert.match(script, /finish "\$code"\s*$/, "the script should end with the drill's exit code");
    });

    it("the merge makes the report, whatever the shards' verdicts, and exits with the night's code", () => {
      const script = gitlabJobScript(gitlabPipeline().merge);
      const readCodes = commandAt(script, /\bexit-code\b/);
      const report = commandAt(script, /\bnpx firedrill report --merge\b/);
      assert.ok(readCodes >= 0 && report > readCodes, "the shards' exit codes should be read, then the report made");
      assert.match(script, /if \[ "\$code" -eq 0 \]; then code=2; fi/, "a passing night without its report is not a pass");
      assert.match(script, /exit "\$code"\s*$/, "the script should end with the night's exit code");
    });

    it("the night's code includes the merged report's, and a report that exits 1 or 2 was still written", () => {
      const script = gitlabJobScript(gitlabPipeline().merge);
      const report = commandAt(script, /\bnpx firedrill report --merge\b/);
      assert.equal(commandAt(script, /&& npx firedrill report --merge\b/), -1, "the merge's exit code should be kept, not only tested");
      assert.match(script, /npx firedrill report --merge \$results \|\| report_code=\$\?/, "the merge's exit code should be kept");
      assert.ok(commandAt(script, /if \[ "\$report_code" -gt "\$code" \]; then code=\$report_code; fi/) > report, "the merged report's code should raise the night's");
      assert.ok(commandAt(script, /if \[ "\$report_code" -le 2 \]; then reported=1; fi/) > report, "a merge that exits 1 or 2 wrote its report");
    });

    it("carries the Allure history in a cache per branch on the merge job, saved whatever the verdict", () => {
      const { shard, merge } = gitlabPipeline();
      assert.equal(shard.cache, undefined, "the shards make no report: no history cache");
      const cache = record(merge.cache, "cache");
      assert.match(text(cache.key, "cache key"), /\$CI_COMMIT_REF_(SLUG|NAME)/, "the cache should be per branch");
      const paths = list(cache.paths, "cache paths").map((p) => path.posix.normalize(text(p, "cache path")).replace(/\/$/, ""));
      assert.deepEqual(paths, ["reports/allure-report/history"]);
      assert.equal(cache.when, "always");
    });

    it("keeps reports/ as artifacts whatever the verdict, with each shard's junit.xml as JUnit", () => {
      const { shard, merge } = gitlabPipeline();
      for (const job of [shard, merge]) {
        const artifacts = record(job.artifacts, "artifacts");
        assert.equal(artifacts.when, "always");
        const paths = list(artifacts.paths, "artifacts.paths").map((p) => text(p, "artifact path"));
        assert.ok(paths.length > 0, "no artifact paths");
        for (const p of paths) assert.ok(underReports(p), `artifact path ${p} is not under reports/`);
      }
      assert.equal(record(record(shard.artifacts, "artifacts").reports, "artifacts.reports").junit, "reports/shards/*/junit.xml");
    });
  });
});
