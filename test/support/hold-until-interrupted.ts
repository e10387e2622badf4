/**
 * A process that does what `firedrill up` does once its lab is up, without a lab: one
 * cleanup registered, then held open until a signal. For tests of the exit codes (130
 * for SIGINT, 143 for SIGTERM) and of the cleanup running before the exit. Run it as
 * `node --import tsx test/support/hold-until-interrupted.ts`.
 */
import { onInterrupt, untilInterrupted } from "../../src/util/interrupts.ts";

onInterrupt("test cleanup", async () => {
  await new Promise((resolve) => setTimeout(resolve, 200));
  process.stdout.write("cleaned up\n");
});
process.stdout.write("holding\n");
await untilInterrupted();
