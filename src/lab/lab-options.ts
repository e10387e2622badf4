import { z } from "zod";
import { inputError } from "../errors/firedrill-error.ts";
import { isRunId } from "../docker/run-id.ts";
import { describeIssues } from "../errors/zod-issues.ts";

/** Budgets (ms) for each phase of bringing a lab up; a slow machine may raise them. */
export const LabBudgetsSchema = z
  .object({
    hostsReadyMs: z.number().int().positive().default(60_000),
    swarmMs: z.number().int().positive().default(60_000),
    imagesMs: z.number().int().positive().default(240_000),
    convergeMs: z.number().int().positive().default(240_000),
    installMs: z.number().int().positive().default(120_000),
  })
  .strict();

export const EngineConfigSchema = z
  .object({
    /** Extra dockerd flags, for example "--log-level=warn". */
    flags: z.array(z.string().regex(/^--[a-z]/, "a dockerd flag starts with --")).default([]),
    /** The host engine's /etc/docker/daemon.json. */
    daemonJson: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const LabOptionsSchema = z
  .object({
    runId: z.string().refine(isRunId, "a run id is 3-41 lower-case letters, digits or dashes, starting with a letter").optional(),
    hosts: z.number().int().min(1).max(9).default(3),
    managers: z.number().int().min(1).max(7).default(1),
    engine: EngineConfigSchema.default({ flags: [], daemonJson: {} }),
    /** Limits per host container; the host's own containers share them. */
    resources: z
      .object({ memoryMb: z.number().int().min(256).optional(), cpus: z.number().positive().max(64).optional() })
      .strict()
      .default({}),
    /** Loopback port for the edge; 0 lets the engine choose a free one. */
    edgePort: z.number().int().min(0).max(65535).default(0),
    /** Left running after the process that started it exits (`firedrill up --detach`). */
    detached: z.boolean().default(false),
    budgets: LabBudgetsSchema.default(LabBudgetsSchema.parse({})),
    /** The node label firedrill sets ("true") on the pinned host: the stack's stateful service is constrained to it. */
    pinLabel: z.string().regex(/^[a-z][a-z0-9._-]*$/).default("firedrill.db"),
    /** What the edge asks every host's port 80; a 200 means the host serves (the stack's health path). */
    healthPath: z.string().regex(/^\//).default("/"),
  })
  .strict()
  .refine((o) => o.managers <= o.hosts, { message: "managers cannot outnumber hosts", path: ["managers"] })
  .refine((o) => o.managers % 2 === 1, {
    message: "use an odd number of managers (an even number tolerates no more failures and splits votes)",
    path: ["managers"],
  });

export type LabOptionsInput = z.input<typeof LabOptionsSchema>;
export type LabOptions = z.output<typeof LabOptionsSchema>;

/** Validates lab options; `source` names where they came from (a flag, a profile file). */
export function parseLabOptions(input: unknown, source = "lab options"): LabOptions {
  const result = LabOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  throw inputError("LAB_OPTIONS_INVALID", `${source}: ${describeIssues(result.error, input)}`, "Fix the value named above.");
}
