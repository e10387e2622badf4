import type { Profile } from "../../src/profiles/load-profile.ts";

/** A profile as loaded, holding the default lab and no overrides, with `changes` applied. */
export function testProfile(changes: Partial<Profile> & Pick<Profile, "name">): Profile {
  return {
    file: `profiles/${changes.name}.yaml`,
    description: `the ${changes.name} profile`,
    digest: "0123456789abcdef",
    lab: { hosts: 3, managers: 1, engine: { flags: [], daemonJson: {} }, resources: {} },
    budgets: {},
    scenarioBudgets: {},
    ...changes,
  };
}
