import { Command } from "commander";
import { connectEngine } from "../../engine/connect-engine.ts";
import { labImagesFor, preparedRootFor } from "../../drill/bring-up.ts";
import { loadStack } from "../../stack/load-stack.ts";

export function imagesCommand(done: (code: number) => void): Command {
  return new Command("images")
    .description("build the images a lab of a stack needs that are missing (base, host, registry, HAProxy, and the stack's own), and the data root its hosts start from")
    .option("--stack <dir>", "the stack whose images to build (a folder with stack.yaml, or a name of stacks/; default: the default stack)")
    .option("--json", "print the image set as JSON")
    .addHelpText("after", "\nImages are tagged by a hash of their build context: an unchanged image is never rebuilt. The prepared data root" +
        "\n(a volume, firedrill-root-<hash>) holds the agent and the stack's baseline images as a host's engine stores them;" +
        "\neach new host gets its own copy. `firedrill clean --images` removes both.")
    .action(async (opts: { json?: boolean; stack?: string }) => {
      const stack = await loadStack(opts.stack);
      const engine = await connectEngine();
      const built = await labImagesFor(engine, stack);
      // The data root every local lab's hosts start from is made from these images: made here too, so a lab starts warm.
      const images = { ...built, preparedRoot: await preparedRootFor(engine, stack, built) };
      if (opts.json) process.stdout.write(JSON.stringify(images) + "\n");
      else for (const [role, ref] of Object.entries(images).flatMap(([k, v]) => (Array.isArray(v) ? v.map((r) => [k, r] as const) : [[k, v] as const]))) process.stdout.write(`${role.padEnd(15)} ${ref}\n`);
      done(0);
    });
}
