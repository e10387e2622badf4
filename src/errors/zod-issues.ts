import type { z } from "zod";

/** "hosts = 0: Too small: expected number to be >=1"; one line per problem. */
export function describeIssues(error: z.ZodError, input: unknown): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join(".") || "(top level)";
      const value = valueAt(input, issue.path);
      const shown = value === undefined ? "" : ` = ${JSON.stringify(value)}`;
      return `${field}${shown}: ${issue.message}`;
    })
    .join("; ");
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
