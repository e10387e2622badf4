import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";
import type { LabOptionsInput } from "../../../src/lab/lab-options.ts";
import { loadProfile, type Profile } from "../../../src/profiles/load-profile.ts";
import { paths } from "../../../src/util/paths.ts";

const HEAD = 'name: x\ndescription: "a profile under test"\n';

describe("profiles", () => {
  let dir: string;
  let counter = 0;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "firedrill-profiles-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes `text` to a fresh <dir>/<n>/<base>.yaml and returns its path. */
  async function write(text: string | Buffer, base = "x"): Promise<string> {
    const sub = path.join(dir, String(counter++));
    await mkdir(sub);
    const file = path.join(sub, `${base}.yaml`);
    await writeFile(file, text);
    return file;
  }

  function refused(file: string, message: RegExp, code = "PROFILE_INVALID") {
    return (e: unknown) => {
      assert.ok(e instanceof FiredrillError, `not a FiredrillError: ${String(e)}`);
      assert.equal(e.kind, "input");
      assert.equal(e.code, code);
      assert.ok(e.hint.length > 0);
      assert.ok(e.message.startsWith(`${file}: `), `message does not start with the file: ${e.message}`);
      assert.match(e.message, message);
      return true;
    };
  }

  describe("refuses a malformed profile, naming the file, the field and the value", () => {
    const bad: Array<[what: string, yaml: string, message: RegExp]> = [
      // The file as a whole.
      ["an empty file", "", /: the file is empty \(a profile is a mapping/],
      ["a file of comments only", "# nothing yet\n\n", /: the file is empty/],
      ["a top-level list", "- name: x\n- description: y\n", /: the top level is a list \(a profile is a mapping/],
      ["a top-level scalar", "hardened\n", /: the top level is a string, "hardened" \(a profile is a mapping/],
      ["an unclosed flow list", `${HEAD}scenarios: [host-halt\nhosts: 3\n`, /: line 4: Flow sequence .* must be sufficiently indented and end with a \]/],
      ["a duplicated key", `${HEAD}hosts: 3\nhosts: 5\n`, /: line 4: Map keys must be unique/],
      ["tabs as indentation", `${HEAD}engine:\n\tflags: []\n`, /: line 4: Tabs are not allowed as indentation/],
      ["two YAML documents", `${HEAD}---\nhosts: 3\n`, /: line 3: one YAML document is expected/],
      ["an unquoted colon in a value", `${HEAD}hosts: a: b\n`, /: line 3: Nested mappings are not allowed/],
      ["an alias to no anchor", `${HEAD}engine:\n  flags: *flags\n`, /: line 4: Unresolved alias .*flags/],
      ["an unknown YAML tag", `${HEAD}hosts: !int 3\n`, /: line 3: Unresolved tag: !int/],
      ["a binary value", `${HEAD}engine:\n  daemonJson:\n    seccomp-profile: !!binary aGVsbG8=\n`, /engine\.daemonJson\.seccomp-profile: a (Buffer|Uint8Array) is not JSON data/],
      ["an infinite number", `${HEAD}resources:\n  cpus: .inf\n`, /resources\.cpus = Infinity: not a finite number/],
      ["a list that contains itself", `${HEAD}engine:\n  daemonJson:\n    dns: &a [*a]\n`, /engine\.daemonJson\.dns\.0: contains itself/],
      // The profile's own keys.
      ["no name", 'description: "d"\n', /name: required: the profile's kebab-case name/],
      ["no description", "name: x\n", /description: required: one line/],
      ["a name that is not kebab-case", 'name: Hard_ened\ndescription: "d"\n', /name = "Hard_ened": a profile name is kebab-case/],
      ["a name that is not the file's", 'name: hardend\ndescription: "d"\n', /name = "hardend": does not match the file name "x\.yaml"/],
      ["a two-line description", "name: x\ndescription: |\n  first\n  second\n", /description = "first\\nsecond\\n": a description is one line/],
      ["a blank description", 'name: x\ndescription: "  "\n', /description = " {2}": a description cannot be blank/],
      ["an unknown key", `${HEAD}hostz: 3\n`, /: hostz: unknown key$/],
      ["a lab option a profile does not set", `${HEAD}runId: nightly\n`, /: runId: unknown key$/],
      // The lab: LabOptionsSchema's rules, named as the profile spells them.
      ["zero hosts", `${HEAD}hosts: 0\n`, /: hosts = 0: Too small: expected number to be >=1/],
      ["ten hosts", `${HEAD}hosts: 10\n`, /hosts = 10: Too big: expected number to be <=9/],
      ["hosts as a string", `${HEAD}hosts: "3"\n`, /hosts = "3": Invalid input: expected number, received string/],
      ["an empty hosts value", `${HEAD}hosts:\n`, /hosts = null: Invalid input: expected number/],
      ["an even number of managers", `${HEAD}hosts: 4\nmanagers: 2\n`, /managers = 2: use an odd number/],
      ["more managers than hosts", `${HEAD}hosts: 3\nmanagers: 5\n`, /managers = 5: managers cannot outnumber hosts/],
      ["too little memory", `${HEAD}resources:\n  memoryMb: 100\n`, /resources\.memoryMb = 100: Too small: expected number to be >=256/],
      ["an unknown resource", `${HEAD}resources:\n  memory: 2g\n`, /: resources\.memory: unknown key$/],
      ["an unknown engine key", `${HEAD}engine:\n  flagz: []\n`, /: engine\.flagz: unknown key$/],
      ["another engine image", `${HEAD}engine:\n  image: docker:27-dind\n`, /engine\.image = "docker:27-dind": only "default" \(firedrill's own host image\) is supported/],
      ["an engine as a list", `${HEAD}engine:\n  - --debug\n`, /engine = \["--debug"\]: Invalid input: expected object, received array/],
      ["a daemonJson that is a list", `${HEAD}engine:\n  daemonJson: [debug]\n`, /engine\.daemonJson = \["debug"\]: Invalid input: expected record, received array/],
      ["a daemonJson that is a string", `${HEAD}engine:\n  daemonJson: '{"debug": true}'\n`, /engine\.daemonJson = "\{\\"debug\\": true\}": Invalid input: expected record, received string/],
      ["a flag without dashes", `${HEAD}engine:\n  flags: [debug]\n`, /engine\.flags\.0 = "debug": a dockerd flag starts with --/],
      ["a flag and its value with a space", `${HEAD}engine:\n  flags: ["--log-level warn"]\n`, /engine\.flags\.0 = "--log-level warn": a flag and its value are one item joined by "="/],
      // Engine settings dockerd or the lab would refuse.
      ["a flag also in daemonJson", `${HEAD}engine:\n  flags: [--debug]\n  daemonJson:\n    debug: true\n`, /engine\.flags\.0 = "--debug": also set in daemonJson \("debug"\), and dockerd refuses to start/],
      ["a flag with a value also in daemonJson", `${HEAD}engine:\n  flags: [--experimental, --mtu=1400]\n  daemonJson:\n    mtu: 1450\n`, /engine\.flags\.1 = "--mtu=1400": also set in daemonJson \("mtu"\)/],
      ["a flag whose daemonJson key is plural", `${HEAD}engine:\n  flags: [--log-opt=max-size=1m]\n  daemonJson:\n    log-opts: { max-file: "2" }\n`, /engine\.flags\.0 = "--log-opt=max-size=1m": also set in daemonJson \("log-opts"\)/],
      ["daemonJson hosts", `${HEAD}engine:\n  daemonJson:\n    hosts: ["tcp://0.0.0.0:2376"]\n`, /engine\.daemonJson\.hosts = \["tcp:\/\/0\.0\.0\.0:2376"\]: the lab sets the engine's listen addresses/],
      ["daemonJson tls", `${HEAD}engine:\n  daemonJson:\n    tls: true\n`, /engine\.daemonJson\.tls = true: the lab gives every engine the run's own certificates/],
      ["daemonJson tlsverify", `${HEAD}engine:\n  daemonJson:\n    tlsverify: true\n`, /engine\.daemonJson\.tlsverify = true: .*requires the run's client certificate/],
      ["daemonJson cgroup-parent", `${HEAD}engine:\n  daemonJson:\n    cgroup-parent: /docker\n`, /engine\.daemonJson\.cgroup-parent = "\/docker": the lab nests each host's containers under that host's own cgroup/],
      ["daemonJson insecure-registries", `${HEAD}engine:\n  daemonJson:\n    insecure-registries: ["10.0.0.5:5000"]\n`, /engine\.daemonJson\.insecure-registries = \["10\.0\.0\.5:5000"\]: the lab passes --insecure-registry for its own registry/],
      ["a lab-owned flag", `${HEAD}engine:\n  flags: [--tlsverify]\n`, /engine\.flags\.0 = "--tlsverify": .*requires the run's client certificate/],
      ["a cgroup-parent flag", `${HEAD}engine:\n  flags: [--cgroup-parent=/x]\n`, /engine\.flags\.0 = "--cgroup-parent=\/x": the lab nests/],
      // Budgets: validateBudget's rules, named as the profile spells them.
      ["a ratio above 1", `${HEAD}budgets:\n  errorRatio: 2\n`, /: budgets\.errorRatio = 2: a ratio is from 0 to 1/],
      ["an unknown budget", `${HEAD}budgets:\n  downtime: 500\n`, /: budgets\.downtime: unknown key$/],
      ["a budget under the probe period", `${HEAD}budgets:\n  downtimeMs: 50\n`, /budgets\.downtimeMs = 50 is shorter than the probe period/],
      ["an empty budgets value", `${HEAD}budgets:\n`, /budgets = null: Invalid input: expected object, received null/],
      ["a budget for no such scenario", `${HEAD}scenarioBudgets:\n  meteor: { convergenceMs: 30000 }\n`, /scenarioBudgets\.meteor = \{"convergenceMs":30000\}: no such scenario \(known: host-halt, host-halt-no-health-check, /],
      ["a negative scenario budget", `${HEAD}scenarioBudgets:\n  host-halt: { convergenceMs: -5 }\n`, /: scenarioBudgets\.host-halt\.convergenceMs = -5: a duration cannot be negative/],
      ["a fractional scenario budget", `${HEAD}scenarioBudgets:\n  daemon-freeze: { downtimeMs: 1500.5 }\n`, /scenarioBudgets\.daemon-freeze\.downtimeMs = 1500\.5: a duration is a whole number of milliseconds/],
      ["an unknown scenario budget", `${HEAD}scenarioBudgets:\n  host-halt: { convergence: 30000 }\n`, /: scenarioBudgets\.host-halt\.convergence: unknown key$/],
      ["a scenario budget under the probe period", `${HEAD}scenarioBudgets:\n  host-halt: { longestGapMs: 10 }\n`, /scenarioBudgets\.host-halt\.longestGapMs = 10 is shorter than the probe period/],
      ["a scenario budget no check of its scenario judges", `${HEAD}scenarioBudgets:\n  host-halt: { failedRequests: 0 }\n`, /: scenarioBudgets\.host-halt\.failedRequests = 0: no check of host-halt judges it \(host-halt judges timeToRecoverMs, .*, lostItems\)$/],
      ["scenarioBudgets as a list", `${HEAD}scenarioBudgets:\n  - host-halt\n`, /scenarioBudgets = \["host-halt"\]: Invalid input: expected record, received array/],
      // The scenario subset.
      ["an unknown scenario", `${HEAD}scenarios: [host-halt, meteor]\n`, /: scenarios\.1 = "meteor": no such scenario \(known: host-halt, /],
      ["an empty scenario list", `${HEAD}scenarios: []\n`, /scenarios = \[\]: an empty list runs nothing/],
      ["a scenario listed twice", `${HEAD}scenarios: [host-halt, daemon-freeze, host-halt]\n`, /scenarios\.2 = "host-halt": listed twice/],
      ["scenarios as one string", `${HEAD}scenarios: host-halt\n`, /scenarios = "host-halt": Invalid input: expected array, received string/],
    ];
    for (const [what, yaml, message] of bad) {
      it(`${what}`, async () => {
        const file = await write(yaml);
        await assert.rejects(loadProfile(file), refused(file, message));
        // One rule, one message: none of these breaks more than one.
        await assert.rejects(loadProfile(file), (e: Error) => !e.message.includes("; "));
      });
    }

    it("a missing file (PROFILE_NOT_FOUND)", async () => {
      const file = path.join(dir, "nowhere.yaml");
      await assert.rejects(loadProfile(file), refused(file, /: the file does not exist$/, "PROFILE_NOT_FOUND"));
    });

    it("a directory", async () => {
      await assert.rejects(loadProfile(dir), refused(dir, /: is a directory, not a profile file/));
    });

    it("every problem at once, one message each, joined by '; '", async () => {
      const file = await write(
        "name: x\ndescription: d\nhosts: 0\nhostz: 1\nengine:\n  daemonJson:\n    tls: true\nbudgets:\n  errorRatio: 2\nscenarios: [meteor]\n",
      );
      await assert.rejects(loadProfile(file), (e: unknown) => {
        assert.ok(e instanceof FiredrillError);
        const parts = e.message.slice(`${file}: `.length).split("; ");
        assert.equal(parts.length, 5, e.message);
        // In the file's order; managers (1 by default) is not blamed for hosts: 0.
        const fields = ["hosts = 0", "hostz", "engine.daemonJson.tls", "budgets.errorRatio", "scenarios.0"];
        fields.forEach((field, i) => assert.ok(parts[i]!.startsWith(field), `${field} at ${i} in ${e.message}`));
        return true;
      });
    });
  });

  describe("accepts", () => {
    it("a minimal profile, with every default filled", async () => {
      const file = await write(HEAD);
      const profile = await loadProfile(file);
      assert.deepEqual(profile, {
        file,
        digest: sha16(HEAD),
        name: "x",
        description: "a profile under test",
        lab: { hosts: 3, managers: 1, engine: { flags: [], daemonJson: {} }, resources: {} },
        budgets: {},
        scenarioBudgets: {},
      } satisfies Profile);
      assert.equal("scenarios" in profile, false);
      // The lab part goes straight into startLab's options.
      const input: LabOptionsInput = profile.lab;
      assert.ok(input);
    });

    it("every key, as written", async () => {
      const yaml = `${HEAD}hosts: 5
managers: 3
engine:
  image: default
  flags: ["--debug", "--insecure-registry=10.0.0.5:5000"]
  daemonJson: { log-level: info, live-restore: true }
resources: { memoryMb: 2048, cpus: 1.5 }
budgets:
  errorRatio: 0.02
scenarioBudgets:
  host-halt: { convergenceMs: 30000, downtimeMs: 0 }
scenarios: [daemon-freeze, host-halt]
`;
      const profile = await loadProfile(await write(yaml));
      assert.deepEqual(profile.lab, {
        hosts: 5,
        managers: 3,
        engine: { flags: ["--debug", "--insecure-registry=10.0.0.5:5000"], daemonJson: { "log-level": "info", "live-restore": true } },
        resources: { memoryMb: 2048, cpus: 1.5 },
      });
      assert.deepEqual(profile.budgets, { errorRatio: 0.02 });
      assert.deepEqual(profile.scenarioBudgets, { "host-halt": { convergenceMs: 30000, downtimeMs: 0 } });
      assert.deepEqual(profile.scenarios, ["daemon-freeze", "host-halt"]);
    });

    it("live-restore: true, which only certification can judge", async () => {
      const profile = await loadProfile(await write(`${HEAD}engine:\n  daemonJson:\n    live-restore: true\n`));
      assert.equal(profile.lab.engine.daemonJson["live-restore"], true);
    });

    it("a shared anchor used twice (not a cycle), a .yml file and a folded description", async () => {
      const yaml =
        "name: y\ndescription: >-\n  folded onto\n  one line\nengine:\n  daemonJson:\n    log-opts: &rot { max-size: 10m }\n    labels: [a]\nscenarioBudgets:\n  host-halt: &b { errorRatio: 0.1 }\n  daemon-freeze: *b\n";
      const sub = path.join(dir, String(counter++));
      await mkdir(sub);
      const file = path.join(sub, "y.yml");
      await writeFile(file, yaml);
      const profile = await loadProfile(file);
      assert.equal(profile.description, "folded onto one line");
      assert.deepEqual(profile.scenarioBudgets, { "host-halt": { errorRatio: 0.1 }, "daemon-freeze": { errorRatio: 0.1 } });
    });
  });

  describe("digest", () => {
    it("is the first 16 hex digits of the sha256 of the exact bytes", async () => {
      const file = await write(HEAD);
      assert.equal((await loadProfile(file)).digest, sha16(HEAD));
      assert.match(sha16(HEAD), /^[0-9a-f]{16}$/);
    });

    it("is stable, changes with any byte, even a comment's, and comes back with the bytes", async () => {
      const file = await write(`${HEAD}# three hosts\nhosts: 3\n`);
      const first = (await loadProfile(file)).digest;
      assert.equal((await loadProfile(file)).digest, first);
      await writeFile(file, `${HEAD}# three hostS\nhosts: 3\n`);
      const changed = (await loadProfile(file)).digest;
      assert.notEqual(changed, first);
      await writeFile(file, `${HEAD}# three hosts\nhosts: 3\n`);
      assert.equal((await loadProfile(file)).digest, first);
    });

    it("does not depend on where the file is", async () => {
      const a = await loadProfile(await write(HEAD));
      const b = await loadProfile(await write(HEAD));
      assert.notEqual(a.file, b.file);
      assert.equal(a.digest, b.digest);
    });
  });

  describe("shipped profiles", () => {
    it("every file in profiles/ loads, named after its file, with its digest", async () => {
      const files = (await readdir(paths.profiles)).filter((f) => /\.ya?ml$/.test(f));
      assert.ok(files.length >= 4, `only ${files.join(", ")}`);
      for (const name of files) {
        const file = path.join(paths.profiles, name);
        const profile = await loadProfile(file);
        assert.equal(profile.name, path.basename(name, path.extname(name)));
        assert.equal(profile.file, file);
        assert.equal(profile.digest, sha16(await readFile(file)));
        assert.ok(profile.description.length > 0 && !profile.description.includes("\n"));
        assert.ok(profile.lab.managers <= profile.lab.hosts && profile.lab.managers % 2 === 1);
      }
    });

    async function shipped(name: string): Promise<Profile> {
      return loadProfile(path.join(paths.profiles, `${name}.yaml`));
    }

    it("default: 3 hosts, 1 manager, the engine untouched, no overrides", async () => {
      const p = await shipped("default");
      assert.deepEqual(p.lab, { hosts: 3, managers: 1, engine: { flags: [], daemonJson: {} }, resources: {} });
      assert.deepEqual([p.budgets, p.scenarioBudgets, p.scenarios], [{}, {}, undefined]);
    });

    it("hardened: rotated logs, no-new-privileges, live-restore explicitly off, 1.5 GB per host", async () => {
      const p = await shipped("hardened");
      const d = p.lab.engine.daemonJson;
      assert.equal(d["log-driver"], "json-file");
      assert.deepEqual(d["log-opts"], { "max-size": "10m", "max-file": "3" });
      assert.deepEqual([d["no-new-privileges"], d["userland-proxy"], d.icc, d["live-restore"]], [true, false, false, false]);
      assert.equal(p.lab.resources.memoryMb, 1536);
      assert.deepEqual([p.budgets, p.scenarioBudgets], [{}, {}]);
    });

    it("cis-live-restore: gets through loading with live-restore on", async () => {
      const p = await shipped("cis-live-restore");
      assert.equal(p.lab.engine.daemonJson["live-restore"], true);
    });

    it("three-managers: 5 hosts, 3 managers", async () => {
      const p = await shipped("three-managers");
      assert.deepEqual([p.lab.hosts, p.lab.managers], [5, 3]);
    });
  });
});

function sha16(bytes: string | Buffer): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 16);
}
