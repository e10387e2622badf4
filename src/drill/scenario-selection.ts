import { inputError } from "../errors/firedrill-error.ts";
import type { Profile } from "../profiles/load-profile.ts";

/**
 * The scenarios a drill of `profile` runs: those named on the command line, else the
 * profile's `scenarios:` subset, else every one (undefined). A named scenario outside
 * the profile's subset is refused before anything starts: silently dropping it would
 * run less than was asked for and still exit 0.
 */
export function selectScenarios(profile: Pick<Profile, "file" | "scenarios">, only?: readonly string[]): string[] | undefined {
  if (only && profile.scenarios) {
    const outside = only.filter((name) => !profile.scenarios!.includes(name));
    if (outside.length > 0) {
      const names = outside.map((n) => `"${n}"`).join(", ");
      throw inputError(
        "SCENARIO_NOT_IN_PROFILE",
        `--scenario ${names}: not in the scenarios of ${profile.file} (scenarios: [${profile.scenarios.join(", ")}])`,
        `Choose among the profile's scenarios, add ${outside.length === 1 ? "it" : "them"} to the scenarios: list in ${profile.file}, or drill another profile (--profile).`,
      );
    }
  }
  return only ? [...only] : profile.scenarios ? [...profile.scenarios] : undefined;
}
