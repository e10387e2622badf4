import { existsSync } from "node:fs";
import path from "node:path";
import { inputError } from "../errors/firedrill-error.ts";
import { paths } from "../util/paths.ts";
import { loadProfile, type Profile } from "./load-profile.ts";

const BARE_NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A profile named by path (relative to the current directory), or by bare name
 * ("mine"): `<name>.yaml` or `profiles/<name>.yaml` in the current directory if there is
 * one, else one of firedrill's own profiles ("hardened").
 */
export async function loadNamedProfile(nameOrPath: string, cwd = process.cwd()): Promise<Profile> {
  if (!BARE_NAME.test(nameOrPath)) return loadProfile(nameOrPath);
  const candidates = profileCandidates(nameOrPath, cwd);
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    const shown = candidates.map((c) => path.relative(cwd, c) || c);
    throw inputError("PROFILE_NOT_FOUND", `--profile ${nameOrPath}: no profile of that name (looked for ${shown.join(", ")})`, "Give a profile file's path, or the name of one of the places above; `ls profiles/` in firedrill lists its own.");
  }
  return loadProfile(path.relative(process.cwd(), found) || found);
}

/** Where a bare profile name is looked for, in order. */
export function profileCandidates(name: string, cwd = process.cwd()): string[] {
  return [path.join(cwd, `${name}.yaml`), path.join(cwd, "profiles", `${name}.yaml`), path.join(paths.profiles, `${name}.yaml`)];
}
