import { Command } from "commander";
import { connectEngine } from "../../engine/connect-engine.ts";
import { harnessError } from "../../errors/firedrill-error.ts";
import { newRunId } from "../../lab/run-id.ts";
import { sweepUntilGone } from "../../lab/sweep.ts";
import { HttpProbe } from "../../probe/http-probe.ts";
import { bringUp } from "../../stack/bring-up.ts";
import { log } from "../../util/log.ts";
import { sleep } from "../../util/wait-for.ts";
import { integer } from "../cli-options.ts";
import { onInterrupt } from "../interrupts.ts";

export function drillCommand(done: (code: number) => void): Command {
  return new Command("drill")
    .description("the nightly job: build images, start a lab, deploy WordPress, confirm steady state, tear everything down")
    .option("--hosts <n>", "number of Docker hosts", integer(1, 9), 3)
    .option("--steady-seconds <n>", "how long steady state is observed", integer(1, 3600), 5)
    .action(async (opts: { hosts: number; steadySeconds: number }) => {
      const engine = await connectEngine();
      const runId = newRunId();
      onInterrupt(`remove run ${runId}`, () => sweepUntilGone(engine, runId));
      const { lab, site } = await bringUp({ runId, hosts: opts.hosts }, engine);
      await using _lab = lab;
      const probe = new HttpProbe({ url: `${lab.edge.url}/?rest_route=/wp/v2/posts/${site.seedPostId}` }).start();
      log("drill", `steady state: probing the edge for ${opts.steadySeconds}s`);
      await sleep(opts.steadySeconds * 1000);
      const samples = await probe.stop();
      const failed = samples.filter((s) => !s.ok);
      log("drill", `steady state: ${samples.length - failed.length}/${samples.length} requests succeeded`);
      if (failed.length > 0) {
        throw harnessError(
          "STEADY_STATE_NOT_REACHED",
          `Steady state not reached: ${failed.length} of ${samples.length} probe requests failed`,
          "The lab came up but does not serve reliably; read the failures below.",
          { evidence: failed.slice(0, 10).map((s) => `${new Date(s.start).toISOString()} ${s.status ?? s.error}`).join("\n") },
        );
      }
      done(0);
    });
}
