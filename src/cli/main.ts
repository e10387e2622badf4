import { Command, CommanderError } from "commander";
import { ExitCode, exitCodeFor } from "../errors/exit-codes.ts";
import { cleanCommand } from "./commands/clean.ts";
import { doctorCommand } from "./commands/doctor.ts";
import { drillCommand } from "./commands/drill.ts";
import { imagesCommand } from "./commands/images.ts";
import { runsCommand } from "./commands/runs.ts";
import { remoteLabCommand } from "./commands/remote-lab.ts";
import { upCommand } from "./commands/up.ts";
import { benchCommand } from "./commands/bench.ts";
import { faultCommand } from "./commands/fault.ts";
import { reportCommand } from "./commands/report.ts";
import { certifyCommand } from "./commands/certify.ts";
import { wasInterrupted } from "../util/interrupts.ts";
import { reportError } from "./report-error.ts";
import { FIREDRILL_VERSION } from "../util/version.ts";

const version = FIREDRILL_VERSION;

/** Runs the CLI and returns the process exit code (see errors/exit-codes.ts). */
export async function main(argv: string[]): Promise<number> {
  let code: number = ExitCode.passed;
  const done = (c: number) => {
    code = c;
  };
  const program = new Command("firedrill")
    .description("Chaos and conformance drills for Docker Swarm hosts: a real lab, real faults, recovery judged against budgets.")
    .version(version)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .showHelpAfterError("(run with --help for usage)");
  for (const make of [upCommand, cleanCommand, doctorCommand, imagesCommand, drillCommand, runsCommand, faultCommand, reportCommand, certifyCommand, benchCommand, remoteLabCommand]) {
    program.addCommand(make(done).exitOverride());
  }
  program.addHelpText(
    "after",
    "\nExit codes: 0 passed, 1 a budget was missed, 2 the harness broke, 64 bad command line, 65 bad value in a profile or budget," +
      "\n66 a profile, run or result that is not there, 69 the machine cannot run a lab (no engine), 70 a defect in firedrill," +
      "\n73 not enough disk, 130 interrupted (Ctrl-C; 143 SIGTERM, 129 SIGHUP).",
  );
  // After Ctrl-C the work ends (often failing, its lab being removed under it) while the
  // interrupt handler is still cleaning up: that handler, not this, ends the process, with
  // 130 or 143, once the cleanup is done.
  const interruptOwnsExit = () => new Promise<number>(() => undefined);
  try {
    await program.parseAsync(argv);
    return wasInterrupted() ? interruptOwnsExit() : code;
  } catch (error) {
    if (wasInterrupted()) return interruptOwnsExit();
    if (error instanceof CommanderError) {
      // --help and --version end through here too, successfully.
      return error.exitCode === 0 ? ExitCode.passed : ExitCode.input;
    }
    reportError(error);
    return exitCodeFor(error);
  }
}
