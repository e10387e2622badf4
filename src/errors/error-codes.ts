/** The report categories a code can fall in (report/allure-categories.ts defines each by these names). */
export type AllureCategoryName = "Infrastructure problem" | "Harness broken" | "Platform defect" | "Budget missed";
/**
 * Whose a problem is; each error code's row says which (ERROR_CODES).
 */
export type ErrorKind =
  /** The user's input is wrong: nothing was started. */
  | "input"
  /** The machine or engine cannot run a lab: nothing was started. */
  | "environment"
  /** The harness could not do its own work (a lab that did not come up, a fault not proven). */
  | "harness"
  /**
   * The platform did not do its job while the harness did its own (no rollback, an
   * update that never completes, a node that never rejoins or is never marked down):
   * a finding about the platform, judged "failed", never "broken".
   */
  | "platform";

/**
 * Exit codes. 0/1/2 are verdicts (all passed / a budget missed / the harness broke);
 * the rest say why nothing could be judged, so CI can tell a bad pipeline from a bad
 * platform without parsing text. (Here, beside the table that uses them; exit-codes.ts
 * re-exports them.)
 */
export const ExitCode = {
  passed: 0,
  failed: 1,
  broken: 2,
  /** Bad command line: a flag, a fault, a host, a scenario name. */
  input: 64,
  /** A profile, budget or stack file with a bad value in it. */
  data: 65,
  /** A profile or stack file, a run or a result that is not there. */
  missing: 66,
  /** No engine, a capability refused: fix the machine. */
  environment: 69,
  /** Not enough disk for images or a lab. */
  disk: 73,
  /** A defect in firedrill itself. */
  internal: 70,
  /** Interrupted by the user (SIGINT). */
  interrupted: 130,
} as const;

type Exit<Name extends keyof typeof ExitCode> = (typeof ExitCode)[Name];

/** The exits a kind allows: a row whose exit does not fit its kind does not compile. */
interface KindExits {
  input: Exit<"input" | "data" | "missing">;
  environment: Exit<"environment" | "disk">;
  harness: Exit<"broken">;
  platform: Exit<"failed">;
}

export type ErrorCodeRow = {
  [K in ErrorKind]: {
    /** Whose the problem is (see ErrorKind); inputError & co. only take codes of their own kind. */
    kind: K;
    /** The process's exit when an error of this code ends a command (exitCodeFor). */
    exit: KindExits[K];
    /** Where Allure sorts a result that carries the code (report/allure-categories.ts). */
    category: AllureCategoryName;
    /**
     * What a certificate concludes when the code stops a run: "broken" (nothing was
     * judged, run it again), or "not certified" (a verdict on the configuration).
     */
    certificate: "not certified" | "broken";
    /**
     * What the code says about the host configuration, for a certificate's reader. A
     * "not certified" code's meaning is the certificate's reason, before the error's
     * message; a "broken" one's says "not judged".
     */
    meaning: string;
    /** The advice, where every place that raises the code gives the same. */
    hint?: string;
  };
}[ErrorKind];

/**
 * Every error code firedrill uses, in one table: the codes of FiredrillError (inputError,
 * environmentError, harnessError, platformError) and the codes a broken result carries
 * without one (a time limit, a missing result, a starved probe...). A code used anywhere
 * in src/ without a row here fails test/unit/errors/error-codes.test.ts.
 */
export const ERROR_CODES = {
  // The command line, the environment or a file was wrong: refused before anything started.
  BAD_DURATION: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: a duration firedrill was given does not parse, so nothing was tried",
  },
  TRAFFIC_INVALID: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: a traffic profile (--traffic or a profile's traffic:) does not parse or names a script that is not there, so nothing was tried",
  },
  BUDGET_INVALID: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: a --budget flag is malformed, unknown, out of range or judged by no check of a scenario it applies to, so nothing was tried",
  },
  CONTROL_NONE: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the bench's --only names no control, so nothing would run",
  },
  CONTROL_UNKNOWN: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the bench's --only names a control that does not exist",
  },
  FAULT_MISSING: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: no fault was named, so nothing was touched",
  },
  FAULT_NEEDS_MANAGER: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the fault was aimed at a worker, where nothing Swarm does would feel it, so nothing was touched",
  },
  FAULT_OPTION_INVALID: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: a fault option's value is out of its range or choices, so nothing was touched",
  },
  FAULT_OPTION_UNKNOWN: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: a fault was given an option it does not take, so nothing was touched",
  },
  FAULT_UNKNOWN: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: no fault has the name given, so nothing was touched",
  },
  HOST_MISSING: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: no host was named for the fault, so nothing was touched",
  },
  INVENTORY_OUTPUT: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the inventory file to write was not named as a .yaml file",
  },
  NOT_A_REMOTE_LAB: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: `remote-lab down` was given an inventory of real hosts, which it never removes",
  },
  HOST_UNKNOWN: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the run has no host of the name given, so nothing was touched",
  },
  LAB_OPTIONS_INVALID: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: a lab option (hosts, managers, a port, a run id) is out of range, so no lab was started",
  },
  NO_RESULTS: {
    kind: "input",
    exit: ExitCode.missing,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: there are no drill results to report on",
  },
  PORT_HELD: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the port a port-collision would take is already held on that host, so nothing was touched",
  },
  PORT_IN_USE: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: a port asked for on this machine is taken, so no lab was started",
  },
  INVENTORY_INVALID: {
    kind: "input",
    exit: ExitCode.data,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the inventory has a bad value in it (or a certificate it names cannot be read), so no host was touched",
  },
  INVENTORY_FAULTS_NOT_ALLOWED: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the inventory does not say `allowFaults: true`, so no fault was put on its machines",
  },
  INVENTORY_FAULT_UNSUPPORTED: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: this fault needs what only a drill's lab has (its registry, its stack), so nothing was touched",
  },
  INVENTORY_NOT_FOUND: {
    kind: "input",
    exit: ExitCode.missing,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the inventory file does not exist",
  },
  PROFILE_INVALID: {
    kind: "input",
    exit: ExitCode.data,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the profile has a bad value in it (or cannot be read), so the configuration it describes never started",
  },
  PROFILE_NOT_FOUND: {
    kind: "input",
    exit: ExitCode.missing,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the profile file does not exist",
  },
  REGISTRY_PASSWORD_FILE: {
    kind: "input",
    exit: ExitCode.missing,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the registry password file cannot be read, so no lab was started",
  },
  REGISTRY_PASSWORD_WEAK: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the registry password given is too short, so no lab was started",
  },
  RUN_MISSING: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: no run was named to act on, so nothing was touched",
  },
  RUN_NOT_FOUND: {
    kind: "input",
    exit: ExitCode.missing,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: no lab of the run named is on this engine",
  },
  SHARD_INVALID: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: --shard is not i/n with 1 <= i <= n",
  },
  SHARD_EMPTY: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the shard holds no scenario (more shards than scenarios to run)",
  },
  MERGE_MISMATCH: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the results to merge were not judged alike (another profile, firedrill code, plan, budgets, traffic, inventory, host facts, time limit or shard count)",
  },
  MERGE_OPTIONS: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: --merge was given with options that only apply to a run (--shard, --stack, --budget...)",
  },
  MERGE_OVERLAP: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: two of the results to merge hold the same scenario (the same shard twice?)",
  },
  SCENARIO_NONE: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the --scenario list names no scenario, so nothing would run",
  },
  SCENARIO_NOT_IN_PROFILE: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: a scenario named on the command line is not among the profile's scenarios",
  },
  SCENARIO_UNKNOWN: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: no scenario has the name given",
  },
  STACK_INVALID: {
    kind: "input",
    exit: ExitCode.data,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the stack manifest has a bad value in it (or cannot be read), so nothing was deployed",
  },
  RUN_AND_INVENTORY: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: both --run and --inventory were given, which name two different labs",
  },
  STACK_MISMATCH: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the lab given with --run runs another stack than the one asked for",
  },
  STACK_NOT_FOUND: {
    kind: "input",
    exit: ExitCode.missing,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: there is no stack manifest where one was named",
  },
  TIME_LIMIT_INVALID: {
    kind: "input",
    exit: ExitCode.input,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: FIREDRILL_SCENARIO_TIME_LIMIT is not a positive duration, so nothing ran",
  },

  // The machine cannot run a lab: fix the machine, not the configuration.
  K6_NOT_FOUND: {
    kind: "environment",
    exit: ExitCode.environment,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: --traffic k6:... was asked for and no k6 executable is on PATH (or FIREDRILL_K6), so nothing was tried (never a silent fall-back to firedrill's own load)",
  },
  ALLURE_FAILED: {
    kind: "environment",
    exit: ExitCode.environment,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: the HTML report could not be generated on this machine (the Allure CLI failed); verdicts the drill already gave stand",
  },
  CAPABILITIES_REFUSED: {
    kind: "environment",
    exit: ExitCode.environment,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: this machine's engine refuses the privileges a lab host needs",
  },
  DISK_FULL: {
    kind: "environment",
    exit: ExitCode.disk,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: this machine has too little disk for the images or the lab",
  },
  ENGINE_UNREACHABLE: {
    kind: "environment",
    exit: ExitCode.environment,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: no Docker engine answers on this machine",
  },
  LAB_NOT_RUNNING: {
    kind: "environment",
    exit: ExitCode.environment,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: the run's lab stopped under it (its engine restarted, the machine rebooted), so its faults cannot be reverted in place",
  },
  ROOTFS_UNAVAILABLE: {
    kind: "environment",
    exit: ExitCode.environment,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: this machine can neither pull the base image nor build one (no debootstrap)",
  },

  // The harness could not do its own part: nothing about the platform was judged...
  BROKEN: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the harness broke, for a reason without a code of its own (read the reason)",
  },
  CHECK_UNKNOWN: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: a check could not be made, so its figure is unknown",
  },
  DRILL_HALTED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: an earlier scenario left its lab in an unknown state, so the drill stopped before this one",
  },
  EDGE_START_FAILED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: the lab's edge load balancer did not start",
  },
  AGENT_START_FAILED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: firedrill's agent could not be started on a host with the privileges its faults need",
  },
  AGENT_UNREACHABLE: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: a host's agent did not answer, so no fault could be put in through it",
  },
  FAULT_NOT_PROVEN: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the harness could not prove its fault in effect, so no recovery was measured against it",
  },
  IMAGE_BUILD_FAILED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: firedrill's images could not be built on this machine",
  },
  INTERRUPTED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the run was interrupted before its lab was up",
  },
  LAB_START_FAILED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: the lab did not come up, for a reason firedrill did not foresee",
  },
  NO_RESULT: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the scenario never ran to a verdict (a hook failed, or mocha gave up on it)",
  },
  PROBE_STARVED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the runner starved the probe, so the window's figures are unknown",
  },
  REGISTRY_START_FAILED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: the lab's registry did not start",
  },
  RESIDUE: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the scenario left residue on a host, so the lab no longer stands on its baseline",
  },
  ROOTFS_FAILED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: the base image's root filesystem could not be built on this machine",
  },
  SCENARIO_TIME_LIMIT: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the scenario did not finish within its time limit and was given up on",
  },
  STEADY_STATE_NOT_REACHED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the lab did not serve its baseline reliably before anything was broken, so there was no steady state to recover to",
  },
  WAIT_TIMEOUT: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Harness broken",
    certificate: "broken",
    meaning: "not judged: the harness waited in vain for a state it needed, without learning anything of the platform",
  },

  // A lab host that could not be had is the runner's problem, not the configuration's:
  // its container did not start on the runner's engine, or its engine stopped for a
  // reason its log does not lay at the configuration's door.
  HOST_START_FAILED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: a lab host could not be started on the runner's engine, for a reason that is not its configuration",
  },
  // An inventory host that does not resolve, refuses the connection or the TLS handshake,
  // or does not answer: the runner could not reach it, so nothing was tried there.
  HOST_UNREACHABLE: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: the runner could not reach a host's engine (it does not resolve, refuses the connection or the TLS handshake, or does not answer)",
  },
  // The calls that form the Swarm failed on the way (the engine did not answer, timed out,
  // or said the machine is busy or already in a Swarm): Swarm was never asked to run the
  // configuration.
  SWARM_FORM_FAILED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Infrastructure problem",
    certificate: "broken",
    meaning: "not judged: the Swarm could not be formed for a reason that is not the configuration (a call to an engine failed or timed out)",
  },

  // ...except where the platform refused the configuration itself: raised by the harness
  // (it could not build its lab), but a verdict on the configuration. Only these two.
  CONFIG_REFUSED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Infrastructure problem",
    certificate: "not certified",
    meaning: "the platform cannot run this configuration: dockerd refused its flags or daemon.json",
  },
  SWARM_REFUSED: {
    kind: "harness",
    exit: ExitCode.broken,
    category: "Harness broken",
    certificate: "not certified",
    meaning: "the platform cannot run this configuration",
  },

  // The platform did not do its job while the harness did its own: a failure, not broken.
  NODE_NOT_REJOINED: {
    kind: "platform",
    exit: ExitCode.failed,
    category: "Platform defect",
    certificate: "not certified",
    meaning: "the platform missed: a node whose engine came back never rejoined the Swarm",
  },
  PLATFORM_TIMEOUT: {
    kind: "platform",
    exit: ExitCode.failed,
    category: "Platform defect",
    certificate: "not certified",
    meaning: "the platform missed: it did not reach the state the scenario waited for within its budget",
  },
} as const satisfies Record<string, ErrorCodeRow>;

/** An error code: a row of the table, so a misspelt code does not compile. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes of one kind: what inputError, environmentError, harnessError and platformError take. */
export type ErrorCodeOf<K extends ErrorKind> = { [C in ErrorCode]: (typeof ERROR_CODES)[C]["kind"] extends K ? C : never }[ErrorCode];

/** Every code, in the table's order. */
export const ALL_ERROR_CODES = Object.keys(ERROR_CODES) as ErrorCode[];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(ERROR_CODES, code);
}

/** A code's row, for a code that comes as a string (a result's errorCode, an error's own code); undefined for one not in the table. */
export function errorCodeRow(code: string | undefined): ErrorCodeRow | undefined {
  return isErrorCode(code) ? ERROR_CODES[code] : undefined;
}

/** The codes Allure sorts into one category, in the table's order. */
export function codesInCategory(category: AllureCategoryName): ErrorCode[] {
  return ALL_ERROR_CODES.filter((code) => ERROR_CODES[code].category === category);
}
