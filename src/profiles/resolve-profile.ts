import { existsSync } from "node:fs";
import path from "node:path";
import { paths } from "../util/paths.ts";
import { loadProfile, type Profile } from "./load-profile.ts";

/**
 * A profile named by path (relative to the current directory), or by bare name
 * ("mine"): `<name>.yaml` or `profiles/<name>.yaml` in the current directory if there is
 * one, else one of firedrill's own profiles ("hardened").
 */
export function loadNamedProfile(nameOrPath: string): Promise<Profile> {
  return loadProfile(resolveProfilePath(nameOrPath));
}

export function resolveProfilePath(nameOrPath: string, cwd = process.cwd()): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(nameOrPath)) return nameOrPath;
  const candidates = [path.join(cwd, `${nameOrPath}.yaml`), path.join(cwd, "profiles", `${nameOrPath}.yaml`)];
  const chosen = candidates.find((c) => existsSync(c)) ?? path.join(paths.profiles, `${nameOrPath}.yaml`);
  return path.relative(cwd, chosen) || chosen;
}
