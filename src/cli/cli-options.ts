import { InvalidArgumentError } from "commander";
import { isRunId } from "../docker/run-id.ts";

/** Commander argument parsers: a bad value is refused with what was given and what fits. */
export function integer(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a whole number (${min}-${max}).`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${n} is out of range (${min}-${max}).`);
    return n;
  };
}

export function runId(value: string): string {
  if (!isRunId(value)) {
    throw new InvalidArgumentError(`"${value}" is not a run id (see \`firedrill runs\` for the runs on this engine).`);
  }
  return value;
}
