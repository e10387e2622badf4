import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parseYamlData } from "../util/yaml-data.ts";
import { inputError } from "../errors/firedrill-error.ts";
import { type Profile, PROFILE_HINT, validateProfile } from "./profile-schema.ts";

export type { Profile, ProfileLab } from "./profile-schema.ts";

/**
 * Reads and validates a profile before anything is started. Every problem is an input
 * error naming the file, the field and the bad value: PROFILE_NOT_FOUND when there is no
 * file, PROFILE_INVALID for everything else.
 */
export async function loadProfile(file: string): Promise<Profile> {
  const bytes = await readProfile(file);
  const digest = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  const data = parseYamlData(bytes.toString("utf8"), (detail) => invalid(file, detail), "a profile is a mapping of keys, at least name and description");
  return { file, digest, ...validateProfile(data, file) };
}

async function readProfile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw inputError("PROFILE_NOT_FOUND", `${file}: the file does not exist`, "Give the path of a profile file, for example profiles/default.yaml.");
    }
    const why = code === "EISDIR" ? "is a directory, not a profile file" : `cannot be read (${(error as Error).message})`;
    throw invalid(file, why);
  }
}

function invalid(file: string, detail: string) {
  return inputError("PROFILE_INVALID", `${file}: ${detail}`, PROFILE_HINT);
}

