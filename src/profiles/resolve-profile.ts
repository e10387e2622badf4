import path from "node:path";
import { paths } from "../util/paths.ts";
import { loadProfile, type Profile } from "./load-profile.ts";

/** A profile named by path, or by bare name for one of profiles/ ("hardened"). */
export function loadNamedProfile(nameOrPath: string): Promise<Profile> {
  const isName = /^[a-z0-9][a-z0-9-]*$/.test(nameOrPath);
  return loadProfile(isName ? path.relative(process.cwd(), path.join(paths.profiles, `${nameOrPath}.yaml`)) : nameOrPath);
}
