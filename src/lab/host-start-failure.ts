import { type FiredrillError, harnessError } from "../errors/firedrill-error.ts";

/**
 * What dockerd prints when it refuses its own configuration before it starts: a
 * daemon.json it cannot read or that names an unknown or conflicting directive, a flag
 * it does not know or whose value it rejects. Only these make a host that did not start
 * a verdict on the configuration; every other way a host fails to come up (the runner's
 * engine would not start its container, a port was taken, the engine stopped for want
 * of a privilege) is the runner's, and says nothing of the configuration.
 */
const CONFIG_REFUSAL = [
  /unable to configure the Docker daemon with file .*/,
  /the following directives (?:don't match any configuration option|are specified both as a flag and in the configuration file).*/,
  /unknown (?:shorthand )?flag: .*/,
  /flag needs an argument: .*/,
  /invalid argument .* for "-{1,2}[\w-]+" flag: .*/,
];

/** The line of the host's log in which dockerd refused its configuration, if it did. */
export function configRefusal(log: string): string | undefined {
  for (const line of log.split("\n")) {
    for (const pattern of CONFIG_REFUSAL) {
      const match = pattern.exec(line);
      if (match) return match[0].trim();
    }
  }
  return undefined;
}

/**
 * The error for a lab host that did not start: CONFIG_REFUSED (not certified) when its
 * log shows dockerd refusing the profile's flags or daemon.json, HOST_START_FAILED
 * (broken) otherwise. The log goes along as evidence either way.
 */
export function hostStartFailure(name: string, cause: unknown, log: string | undefined): FiredrillError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const refusal = configRefusal(log ?? "");
  if (refusal !== undefined) {
    return harnessError("CONFIG_REFUSED", `${name}: dockerd refused its configuration: ${refusal}`, "Fix the engine flag or daemon.json key the profile gives (named above); `firedrill doctor` checks what the engine allows.", {
      evidence: log,
      cause,
    });
  }
  return harnessError(
    "HOST_START_FAILED",
    `${name} did not start: ${message}`,
    "Read the host's log below: the runner's engine could not start the host, or its engine stopped for a reason that is not its configuration. `firedrill doctor` checks what this machine allows.",
    { evidence: log, cause },
  );
}
