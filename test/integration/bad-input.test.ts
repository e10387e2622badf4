import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { connectEngine } from "../../src/engine/connect-engine.ts";
import { runFilter } from "../../src/docker/labels.ts";
import type { LabWithStack } from "../../src/drill/bring-up.ts";
import { firedrill } from "../support/firedrill-process.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";

interface Case {
  what: string;
  args: (ctx: { run: string; dir: string; port: number }) => string[];
  env?: (ctx: { dir: string }) => NodeJS.ProcessEnv;
  profile?: string;
  code: number;
  says: RegExp;
}

const P = (dir: string, name = "bad") => path.join(dir, `${name}.yaml`);
/** An inventory of one machine reached over SSH (nothing is read from disk for it), without allowFaults. */
const FLEET = "name: fleet\ndescription: one machine\nhosts:\n  - name: db-1\n    engine: ssh://ops@db-1.example\n    role: manager\n";

/**
 * Bad input, table-driven: each is refused with a message naming the cause (and the fix),
 * an exit code by kind (64 command line, 65 a bad file, 66 a missing thing, 69 no engine,
 * 73 no disk), and nothing is started: no labelled container appears.
 */
const cases: Case[] = [
  { what: "zero hosts", args: () => ["up", "--hosts", "0"], code: 64, says: /--hosts <n>.*0 is out of range \(1-9\)/ },
  { what: "hosts not a number", args: () => ["up", "--hosts", "many"], code: 64, says: /"many" is not a whole number/ },
  { what: "an even number of managers", args: () => ["up", "--managers", "2"], code: 64, says: /managers = 2: use an odd number of managers/ },
  { what: "an edge port out of range", args: () => ["up", "--edge-port", "70000"], code: 64, says: /70000 is out of range/ },
  { what: "an edge port already taken", args: ({ port }) => ["up", "--edge-port", String(port)], code: 64, says: new RegExp("port \\d+ on 127\\.0\\.0\\.1 is already in use[\\s\\S]*fix:") },
  { what: "a run id with spaces", args: () => ["up", "--run", "Bad Id"], code: 64, says: /"Bad Id" is not a run id/ },
  { what: "a run id too short for clean", args: () => ["clean", "--run", "x"], code: 64, says: /"x" is not a run id/ },
  { what: "an unknown command", args: () => ["explode"], code: 64, says: /unknown command 'explode'/ },
  { what: "an unknown flag", args: () => ["up", "--turbo"], code: 64, says: /unknown option '--turbo'/ },
  { what: "a fault without a name", args: () => ["fault"], code: 64, says: /No fault named[\s\S]*firedrill fault --list/ },
  { what: "an unknown fault", args: ({ run }) => ["fault", "meteor-strike", "--run", run, "--host", "host-1"], code: 64, says: /No fault named "meteor-strike"[\s\S]*Known faults: host-halt/ },
  { what: "a fault without --run", args: () => ["fault", "host-halt", "--host", "host-1"], code: 64, says: /--run is required/ },
  { what: "a fault without --host", args: ({ run }) => ["fault", "host-halt", "--run", run], code: 64, says: /--host is required/ },
  { what: "a run that does not exist", args: () => ["fault", "host-halt", "--run", "rnosuchrun99", "--host", "host-1"], code: 66, says: /No lab of run "rnosuchrun99"/ },
  { what: "a host not in the run", args: ({ run }) => ["fault", "host-halt", "--run", run, "--host", "host-9"], code: 64, says: /has no host "host-9"[\s\S]*host-1, host-2, host-3/ },
  { what: "a share out of range", args: ({ run }) => ["fault", "packet-loss", "--run", run, "--host", "host-2", "--share", "2"], code: 64, says: /share = "2" is not a number from 0\.01 to 0\.9/ },
  { what: "a mode that does not exist", args: ({ run }) => ["fault", "registry-block", "--run", run, "--host", "host-2", "--mode", "sideways"], code: 64, says: /mode = "sideways" is not one of drop, reject/ },
  { what: "an option the fault does not take", args: ({ run }) => ["fault", "host-pause", "--run", run, "--host", "host-2", "--mode", "stop"], code: 64, says: /host-pause: no option "mode"/ },
  { what: "a duration that does not parse", args: ({ run }) => ["fault", "host-halt", "--run", run, "--host", "host-2", "--for", "10parsecs"], code: 64, says: /--for: "10parsecs" is not a duration/ },
  { what: "a negative duration", args: ({ run }) => ["fault", "host-halt", "--run", run, "--host", "host-2", "--for", "-3s"], code: 64, says: /--for: "-3s" is not a duration/ },
  { what: "an unknown scenario", args: () => ["drill", "--scenario", "host-halt,meteor"], code: 64, says: /No scenario named "meteor"/ },
  { what: "a budget ratio above 1", args: () => ["drill", "--budget", "errorRatio=1.5"], code: 64, says: /budgets\.errorRatio = 1\.5: a ratio is from 0 to 1/ },
  { what: "a budget field that does not exist", args: () => ["drill", "--budget", "speed=3"], code: 64, says: /speed/ },
  { what: "a budget without a value", args: () => ["drill", "--budget", "errorRatio"], code: 64, says: /"errorRatio" is not field=number/ },
  { what: "an impossible budget (below the probe period)", args: () => ["drill", "--budget", "convergenceMs=50"], code: 64, says: /shorter than the probe period \(100ms\): it cannot be measured/ },
  { what: "a profile file that is not there", args: ({ dir }) => ["drill", "--profile", path.join(dir, "nope.yaml")], code: 66, says: /nope\.yaml: the file does not exist/ },
  { what: "a profile that is not YAML", args: ({ dir }) => ["drill", "--profile", P(dir)], profile: "name: bad\ndescription: [unclosed\n", code: 65, says: /bad\.yaml: line \d+/ },
  { what: "a profile with zero hosts", args: ({ dir }) => ["drill", "--profile", P(dir)], profile: "name: bad\ndescription: x\nhosts: 0\n", code: 65, says: /bad\.yaml: hosts = 0/ },
  { what: "a profile naming an unknown scenario", args: ({ dir }) => ["drill", "--profile", P(dir)], profile: "name: bad\ndescription: x\nscenarios: [meteor]\n", code: 65, says: /scenarios\.0 = "meteor"/ },
  { what: "a profile whose name is not its file's", args: ({ dir }) => ["drill", "--profile", P(dir)], profile: "name: other\ndescription: x\n", code: 65, says: /bad\.yaml: name = "other"/ },
  { what: "a profile taking the engine's listen address", args: ({ dir }) => ["certify", "--profile", P(dir)], profile: "name: bad\ndescription: x\nengine:\n  daemonJson:\n    hosts: [\"tcp://0.0.0.0:2375\"]\n", code: 65, says: /engine\.daemonJson\.hosts/ },
  { what: "a profile with a negative budget", args: ({ dir }) => ["certify", "--profile", P(dir)], profile: "name: bad\ndescription: x\nbudgets:\n  errorRatio: -1\n", code: 65, says: /budgets\.errorRatio = -1/ },
  { what: "a drill on an inventory that does not allow faults", args: ({ dir }) => ["drill", "--inventory", P(dir)], profile: FLEET, code: 64, says: /bad\.yaml does not allow faults \(allowFaults: false\)[\s\S]*allowFaults: true/ },
  { what: "certify on an inventory that does not allow faults", args: ({ dir }) => ["certify", "--inventory", P(dir)], profile: FLEET, code: 64, says: /bad\.yaml does not allow faults/ },
  { what: "a fault on an inventory that needs a drill's lab", args: ({ dir }) => ["fault", "registry-block", "--inventory", P(dir), "--host", "db-1"], profile: `${FLEET}allowFaults: true\n`, code: 64, says: /registry-block cannot be put on .*bad\.yaml alone: it blocks the run's registry/ },
  { what: "a fault on a host the inventory does not list", args: ({ dir }) => ["fault", "daemon-freeze", "--inventory", P(dir), "--host", "db-9"], profile: `${FLEET}allowFaults: true\n`, code: 64, says: /has no host "db-9"[\s\S]*Its hosts are: db-1/ },
  { what: "--run and --inventory together", args: ({ run, dir }) => ["drill", "--run", run, "--inventory", P(dir)], code: 64, says: /--run and --inventory name two different labs/ },
  { what: "a report with no results", args: () => ["report"], env: ({ dir }) => ({ FIREDRILL_REPORTS: path.join(dir, "empty-reports") }), code: 66, says: /No drill results in .*empty-reports[\s\S]*npm run drill/ },
  { what: "a registry password too short", args: () => ["up"], env: () => ({ FIREDRILL_REGISTRY_PASSWORD: "short" }), code: 64, says: /shorter than 8 characters/ },
  { what: "a registry password file that cannot be read", args: () => ["up"], env: () => ({ FIREDRILL_REGISTRY_PASSWORD_FILE: "/nonexistent/pw" }), code: 66, says: /FIREDRILL_REGISTRY_PASSWORD_FILE=\/nonexistent\/pw cannot be read/ },
  { what: "no engine (up)", args: () => ["up"], env: () => ({ DOCKER_HOST: "tcp://127.0.0.1:9" }), code: 69, says: /No Docker engine answers at tcp:\/\/127\.0\.0\.1:9[\s\S]*ci\/docker-engine\.sh/ },
  { what: "no engine (drill)", args: () => ["drill"], env: () => ({ DOCKER_HOST: "tcp://127.0.0.1:9" }), code: 69, says: /No Docker engine answers/ },
  { what: "k6 traffic where no k6 is installed", args: () => ["drill", "--traffic", "k6:examples/k6/edge-read.ts"], env: ({ dir }) => ({ PATH: `${dir}:/usr/bin:/bin`, FIREDRILL_K6: "" }), code: 69, says: /no k6 on PATH[\s\S]*K6_NOT_FOUND[\s\S]*load:rate=N/ },
  { what: "k6 traffic naming a script that is not there", args: () => ["drill", "--traffic", "k6:no/such/script.js"], code: 64, says: /--traffic = "k6:no\/such\/script.js": the script no\/such\/script.js is not there/ },
  { what: "a traffic profile that does not parse", args: () => ["drill", "--traffic", "load:rate=fast"], code: 64, says: /--traffic = "load:rate=fast": rate is a whole number from 1 to 5000/ },
  { what: "a latency fault with a delay out of range", args: ({ run }) => ["fault", "latency", "--run", run, "--host", "host-2", "--ms", "0"], code: 64, says: /latency: ms = "0" is not a number from 1 to 10000/ },
  { what: "not enough disk for a lab", args: () => ["up"], env: () => ({ FIREDRILL_DISK_RESERVE_GB: "100000" }), code: 73, says: /needs about [\d.]+ GiB free at .*; [\d.]+ GiB is free[\s\S]*firedrill clean --images/ },
];

describe(`bad input is refused before anything starts (${cases.length} cases, real engine)`, function () {
  this.timeout(60_000);
  let ctx: { run: string; dir: string; port: number };
  let squatter: net.Server;
  let containersBefore: string[];

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    const shared: LabWithStack = await sharedLab();
    squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    ctx = { run: shared.lab.runId, dir: await mkdtemp(path.join(os.tmpdir(), "fd-bad-")), port: (squatter.address() as net.AddressInfo).port };
    containersBefore = (await (await connectEngine()).listContainers({ all: true, filters: runFilter() })).map((c) => c.Id).sort();
  });

  after(() => squatter?.close());

  it("has at least thirty cases", () => assert.ok(cases.length >= 30));

  for (const c of cases) {
    it(`${c.what}: exit ${c.code}`, async () => {
      if (c.profile) await writeFile(P(ctx.dir), c.profile);
      const run = await firedrill(c.args(ctx), c.env?.(ctx) ?? {});
      const output = run.stderr + run.stdout;
      assert.equal(run.code, c.code, output);
      assert.match(output, c.says);
      assert.doesNotMatch(output, /internal error/);
    });
  }

  it("started nothing: no labelled container appeared", async () => {
    const after = (await (await connectEngine()).listContainers({ all: true, filters: runFilter() })).map((c) => c.Id).sort();
    assert.deepEqual(after, containersBefore);
  });
});
