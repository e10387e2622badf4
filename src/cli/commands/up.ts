import { Command } from "commander";
import { connectEngine } from "../../engine/connect-engine.ts";
import { newRunId } from "../../docker/run-id.ts";
import { removeRun } from "../../lab/lab-starts.ts";
import { bringUp } from "../../drill/bring-up.ts";
import { probeSpec } from "../../stack/probe-spec.ts";
import { loadStack } from "../../stack/load-stack.ts";
import { log } from "../../util/log.ts";
import { integer, runId as runIdArg } from "../cli-options.ts";
import { onInterrupt, untilInterrupted } from "../../util/interrupts.ts";

export function upCommand(done: (code: number) => void): Command {
  return new Command("up")
    .description("start a lab (hosts, Swarm, registry, edge) with a stack on it, and print its endpoints")
    .option("--stack <dir>", "the stack to deploy: a folder with stack.yaml, or a name of stacks/ (default: the default stack, package.json firedrill.defaultStack)")
    .option("--hosts <n>", "number of Docker hosts", integer(1, 9), 3)
    .option("--managers <n>", "how many of them are Swarm managers (odd)", integer(1, 7), 1)
    .option("--edge-port <port>", "loopback port for the edge (default: any free port)", integer(1, 65535))
    .option("--run <id>", "use this run id instead of a generated one", runIdArg)
    .option("--detach", "leave the lab running and exit once it is ready (remove it with `firedrill clean --run ID`)")
    .option("--json", "print the endpoints as one JSON object on stdout")
    .addHelpText(
      "after",
      "\nWithout --detach the lab stays up until Ctrl-C, then everything it created is removed.\n" +
        "Example: firedrill up --detach --json | jq -r .edge",
    )
    .action(async (opts: { hosts: number; managers: number; edgePort?: number; run?: string; detach?: boolean; json?: boolean; stack?: string }) => {
      const stack = await loadStack(opts.stack);
      const engine = await connectEngine();
      const runId = opts.run ?? newRunId();
      const unregister = onInterrupt(`remove run ${runId}`, () => removeRun(engine, runId));
      const { lab, deployed } = await bringUp(
        { runId, hosts: opts.hosts, managers: opts.managers, edgePort: opts.edgePort ?? 0, detached: Boolean(opts.detach) },
        stack,
        engine,
      );
      const description = { ...lab.describe(), stack: stack.name, seedItemId: deployed.seedId, seedItemUrl: `${lab.edge.url}${probeSpec(deployed).path}` };
      if (opts.json) process.stdout.write(JSON.stringify(description) + "\n");
      else printEndpoints(description);
      if (opts.detach) {
        unregister();
        log("up", `left running; remove it with: firedrill clean --run ${runId}`);
        return done(0);
      }
      log("up", "lab is up; press Ctrl-C to remove it");
      // Held open until SIGINT or SIGTERM; the interrupt handler then removes the run
      // (the cleanup registered above) and exits with 130 or 143.
      await untilInterrupted();
    });
}

function printEndpoints(d: ReturnType<import("../../lab/started-lab.ts").StartedLab["describe"]> & { stack: string; seedItemUrl: string }): void {
  const rows = [
    `run       ${d.runId}`,
    `stack     ${d.stack}`,
    `edge      ${d.edge}`,
    `seed item ${d.seedItemUrl}`,
    `stats     ${d.edgeStats}`,
    `registry  ${d.registry}`,
    ...d.hosts.map((h) => `${h.name.padEnd(9)} http ${h.http}  engine ${h.engine}${h.manager ? "  (manager)" : ""}`),
  ];
  process.stdout.write(rows.join("\n") + "\n");
}
