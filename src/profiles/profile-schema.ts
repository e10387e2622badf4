import path from "node:path";
import { z } from "zod";
import { type Budget, BudgetSchema } from "../checks/budget.ts";
import { validateBudget } from "../checks/validate-budget.ts";
import { FiredrillError, inputError } from "../errors/firedrill-error.ts";
import { describeIssues } from "../errors/zod-issues.ts";
import { type LabOptions, LabOptionsSchema } from "../lab/lab-options.ts";
import { SCENARIOS } from "../scenarios/definitions/index.ts";
import { unjudgedFields, unjudgedText } from "../scenarios/judged-budgets.ts";
import { RECORDER_DEFAULTS } from "../history/recorder.ts";
import { parseTrafficSpec, type TrafficSpec } from "../traffic/traffic-spec.ts";

/** The part of the lab a profile configures; assignable to LabOptionsInput. */
export type ProfileLab = Pick<LabOptions, "hosts" | "managers" | "engine" | "resources">;

/** A host configuration under certification: one YAML file in profiles/, validated. */
export interface Profile {
  /** The file as it was given (relative paths stay relative, for reports). */
  file: string;
  /** kebab-case, equal to the file's base name. */
  name: string;
  /** One line for reports. */
  description: string;
  /** sha256 of the file's exact bytes, first 16 hex digits: which configuration was certified. */
  digest: string;
  lab: ProfileLab;
  /** Overrides for every scenario (a missing field keeps the scenario's own budget). */
  budgets: Budget;
  /** Overrides for one scenario, by scenario name. */
  scenarioBudgets: Record<string, Budget>;
  /** The scenarios to run, in the file's order; absent means every scenario. */
  scenarios?: string[];
  /** The traffic beside the probe in every scenario (`traffic: load:rate=200`); absent means the probe alone. */
  traffic?: TrafficSpec;
  /** The stack to drill (a folder, relative to the current directory, or a name of stacks/); absent means the default stack. */
  stack?: string;
}

/** Everything but what only the file itself can tell (its path and bytes). */
export type ProfileBody = Omit<Profile, "file" | "digest">;

export const PROFILE_HINT =
  "Fix each field named above; nothing was started. profiles/default.yaml is a commented example " +
  "(keys: name, description, stack, traffic, hosts, managers, engine, resources, budgets, scenarioBudgets, scenarios).";

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function scenarioNames(): string[] {
  return SCENARIOS.map((s) => s.name);
}

function noSuchScenario(): string {
  return `no such scenario (known: ${scenarioNames().join(", ")})`;
}

function required(what: string) {
  return (issue: { input: unknown }) => (issue.input === undefined ? `required: ${what}` : undefined);
}

/**
 * The profile's own keys. The lab keys (hosts, managers, engine, resources) pass through
 * unexamined: they are LabOptionsSchema's to judge, so one rule lives in one place. The
 * budgets use BudgetSchema here so that a message names the field where it sits
 * (scenarioBudgets.host-halt.convergenceMs); validateBudget adds the probe-period rule.
 */
export const ProfileFileSchema = z
  .object({
    name: z
      .string({ error: required("the profile's kebab-case name, equal to the file's base name") })
      .regex(KEBAB, "a profile name is kebab-case: lower-case letters and digits joined by single dashes"),
    description: z
      .string({ error: required("one line that describes the profile in reports") })
      .trim()
      .min(1, "a description cannot be blank: reports show it")
      .refine((s) => !s.includes("\n"), "a description is one line (reports show it as a heading)"),
    stack: z.string().trim().min(1, "a stack is a folder path or a stack's name").optional(),
    traffic: z.string().trim().min(1, "a traffic profile: probe, load:rate=N or k6:script.js").optional(),
    hosts: z.unknown().optional(),
    managers: z.unknown().optional(),
    engine: z.unknown().optional(),
    resources: z.unknown().optional(),
    budgets: BudgetSchema.optional(),
    scenarioBudgets: z
      .record(z.string(), BudgetSchema)
      .superRefine((record, ctx) => {
        for (const key of Object.keys(record)) {
          if (!scenarioNames().includes(key)) ctx.addIssue({ code: "custom", path: [key], message: noSuchScenario() });
        }
      })
      .optional(),
    scenarios: z
      .array(z.string().refine((name) => scenarioNames().includes(name), { error: noSuchScenario }))
      .min(1, "an empty list runs nothing: remove the key to run every scenario")
      .superRefine((list, ctx) => {
        list.forEach((name, i) => {
          if (list.indexOf(name) !== i) ctx.addIssue({ code: "custom", path: [i], message: "listed twice" });
        });
      })
      .optional(),
  })
  .strict();

/**
 * daemon.json keys the lab itself sets as dockerd flags (the host image's entrypoint and
 * startHosts): dockerd refuses to start with a setting given both ways, and even if it
 * did not, the lab could no longer reach or contain the engine.
 */
const LAB_OWNED_KEYS: Record<string, string> = {
  hosts: "the lab sets the engine's listen addresses (tcp://0.0.0.0:2376 with mutual TLS, and the local socket) and reaches every engine there",
  tls: "the lab gives every engine the run's own certificates (--tlsverify with --tlscacert, --tlscert, --tlskey) and reaches it with the run's client certificate",
  tlsverify: "the lab gives every engine the run's own certificates and requires the run's client certificate (--tlsverify): another setting would lock the runner out or let anyone in",
  tlscacert: "the lab gives every engine the run's own certificate authority (--tlscacert)",
  tlscert: "the lab gives every engine a certificate issued for this run (--tlscert)",
  tlskey: "the lab gives every engine the key of its run certificate (--tlskey)",
  "cgroup-parent":
    "the lab nests each host's containers under that host's own cgroup, so pausing or removing a host takes its containers with it",
  "insecure-registries":
    "the lab passes --insecure-registry for its own registry and dockerd refuses a setting given both as a flag and in daemon.json (add a registry with an engine flag --insecure-registry=<address> instead)",
};

/** dockerd flags the lab sets and a profile may not override (an added --insecure-registry is harmless). */
const LAB_OWNED_FLAGS: Record<string, string> = {
  host: LAB_OWNED_KEYS.hosts!,
  tls: LAB_OWNED_KEYS.tls!,
  tlsverify: LAB_OWNED_KEYS.tlsverify!,
  tlscacert: LAB_OWNED_KEYS.tlscacert!,
  tlscert: LAB_OWNED_KEYS.tlscert!,
  tlskey: LAB_OWNED_KEYS.tlskey!,
  "cgroup-parent": LAB_OWNED_KEYS["cgroup-parent"]!,
};

/** dockerd flags whose daemon.json key is spelled differently (dockerd's NamedOption values). */
const FLAG_KEYS: Record<string, string> = {
  label: "labels",
  "insecure-registry": "insecure-registries",
  "registry-mirror": "registry-mirrors",
  "storage-opt": "storage-opts",
  "log-opt": "log-opts",
  "exec-opt": "exec-opts",
  "dns-opt": "dns-opts",
  "default-ulimit": "default-ulimits",
  "authorization-plugin": "authorization-plugins",
  "node-generic-resource": "node-generic-resources",
  "default-address-pool": "default-address-pools",
  "cdi-spec-dir": "cdi-spec-dirs",
  feature: "features",
  host: "hosts",
  "add-runtime": "runtimes",
};

/** Keys dockerd merges from both places instead of refusing (its skipDuplicates). */
const MERGED_KEYS = new Set(["runtimes"]);

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** engine.image: only the lab's own host image can run a lab today. */
function splitEngine(engine: unknown): { rest: unknown; problems: string[] } {
  if (!isMapping(engine) || !("image" in engine)) return { rest: engine, problems: [] };
  const { image, ...rest } = engine;
  if (image === "default") return { rest, problems: [] };
  return {
    rest,
    problems: [
      `engine.image = ${show(image)}: only "default" (firedrill's own host image) is supported for now, ` +
        "because its entrypoint sets up the cgroups and listen addresses the lab relies on (remove the key or write default)",
    ],
  };
}

/** Engine settings dockerd or the lab would refuse once started; the syntax is LabOptionsSchema's. */
function engineProblems(engine: unknown): string[] {
  if (!isMapping(engine)) return [];
  const daemonJson = isMapping(engine.daemonJson) ? engine.daemonJson : {};
  const problems = Object.entries(daemonJson).flatMap(([key, value]) => {
    const why = LAB_OWNED_KEYS[key];
    return why ? [`engine.daemonJson.${key} = ${show(value)}: ${why}`] : [];
  });
  const flags = Array.isArray(engine.flags) ? engine.flags : [];
  flags.forEach((flag: unknown, i) => {
    if (typeof flag !== "string" || !flag.startsWith("--")) return;
    const at = `engine.flags.${i} = ${show(flag)}`;
    const name = flag.slice(2).split("=")[0]!;
    if (/\s/.test(name)) {
      problems.push(`${at}: a flag and its value are one item joined by "=" (for example --log-level=warn)`);
      return;
    }
    const owned = LAB_OWNED_FLAGS[name];
    if (owned) {
      problems.push(`${at}: ${owned}`);
      return;
    }
    const key = FLAG_KEYS[name] ?? name;
    if (key in daemonJson && !(key in LAB_OWNED_KEYS) && !MERGED_KEYS.has(key)) {
      problems.push(
        `${at}: also set in daemonJson ("${key}"), and dockerd refuses to start when a setting is given both as a flag and in daemon.json (keep one)`,
      );
    }
  });
  return problems;
}

/**
 * "hosts = 0: Too small: ..." as describeIssues writes it, except that an unknown key is
 * named by its own path rather than by dumping the whole mapping that holds it.
 */
function issueLines(error: z.ZodError, input: unknown): string[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => `${[...issue.path, key].join(".")}: unknown key`)
      : [describeIssues(new z.ZodError([issue]), input)],
  );
}

/**
 * LabOptionsSchema's problems. Its cross-field rules (managers against hosts) also run
 * when a field itself is wrong, and would blame managers for hosts: 0; report those
 * only once every field is valid on its own.
 */
function labIssueLines(error: z.ZodError, input: unknown): string[] {
  const ownField = error.issues.filter((issue) => issue.code !== "custom");
  return issueLines(ownField.length > 0 ? new z.ZodError(ownField) : error, input);
}

/** Problems in the order of the top-level keys they concern, as the user reads the file. */
function inFileOrder(problems: string[], data: Record<string, unknown>): string[] {
  const keys = Object.keys(data);
  const rank = (problem: string) => {
    const i = keys.indexOf(problem.split(/[.:= ]/)[0]!);
    return i === -1 ? keys.length : i;
  };
  return [...problems].sort((a, b) => rank(a) - rank(b));
}

/**
 * A scenario's own budget that no check of it reads would be shown as enforced and never
 * be; `budgets:` (for every scenario) is checked against the drill's selection when it is
 * planned (drill/plan-budget.ts), since --scenario may narrow it.
 */
function unjudgedProblems(name: string, budget: Budget): string[] {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario) return []; // no such scenario: reported by the schema
  return unjudgedFields(scenario, budget).map((field) => unjudgedText(`scenarioBudgets.${name}.${field} = ${budget[field]}`, [scenario]));
}

/**
 * validateBudget's probe-period rule for a budget whose shape BudgetSchema has already
 * passed, its field names rewritten to where the budget sits in the profile.
 */
function checkBudget(value: unknown, field: string, file: string, problems: string[]): Budget {
  if (!BudgetSchema.optional().safeParse(value).success) return {}; // reported with the profile's own keys
  try {
    return validateBudget(value, file, RECORDER_DEFAULTS.probePeriodMs);
  } catch (error) {
    if (!(error instanceof FiredrillError)) throw error;
    const detail = error.message.startsWith(`${file}: `) ? error.message.slice(file.length + 2) : error.message;
    problems.push(field === "budgets" ? detail : detail.replace(/(^|; )budgets(?=[.:= ])/g, `$1${field}`));
    return {};
  }
}

/**
 * Validates a profile's data (already known to be a mapping) and reports every problem
 * at once: PROFILE_INVALID, "<file>: <field> = <value>: <rule>; ...".
 */
export function validateProfile(data: Record<string, unknown>, file: string): ProfileBody {
  const problems: string[] = [];

  const top = ProfileFileSchema.safeParse(data);
  if (!top.success) problems.push(...issueLines(top.error, data));

  const engine = splitEngine(data.engine);
  problems.push(...engine.problems);
  const labInput = { hosts: data.hosts, managers: data.managers, engine: engine.rest, resources: data.resources };
  const lab = LabOptionsSchema.safeParse(labInput);
  if (!lab.success) problems.push(...labIssueLines(lab.error, labInput));
  problems.push(...engineProblems(data.engine));

  const budgets = checkBudget(data.budgets, "budgets", file, problems);
  const scenarioBudgets: Record<string, Budget> = {};
  if (isMapping(data.scenarioBudgets)) {
    for (const [scenario, budget] of Object.entries(data.scenarioBudgets)) {
      scenarioBudgets[scenario] = checkBudget(budget, `scenarioBudgets.${scenario}`, file, problems);
      problems.push(...unjudgedProblems(scenario, scenarioBudgets[scenario]!));
    }
  }

  let traffic: TrafficSpec | undefined;
  if (typeof data.traffic === "string") {
    try {
      traffic = parseTrafficSpec(data.traffic, "traffic");
    } catch (error) {
      if (!(error instanceof FiredrillError)) throw error;
      problems.push(error.message);
    }
  }

  const base = path.basename(file, path.extname(file));
  if (typeof data.name === "string" && KEBAB.test(data.name) && data.name !== base) {
    problems.push(
      `name = ${show(data.name)}: does not match the file name "${path.basename(file)}" (reports and history know a profile by both, so rename one)`,
    );
  }

  if (problems.length > 0 || !top.success || !lab.success) {
    throw inputError("PROFILE_INVALID", `${file}: ${inFileOrder(problems, data).join("; ")}`, PROFILE_HINT);
  }
  const { hosts, managers, engine: engineConfig, resources } = lab.data;
  return {
    name: top.data.name,
    description: top.data.description,
    lab: { hosts, managers, engine: engineConfig, resources },
    budgets,
    scenarioBudgets,
    ...(top.data.scenarios ? { scenarios: top.data.scenarios } : {}),
    ...(top.data.stack ? { stack: top.data.stack } : {}),
    ...(traffic ? { traffic } : {}),
  };
}
