import { access } from "node:fs/promises";

/** Whether a path can be reached (a file or a folder); never throws. */
export async function pathExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
