import { Command } from "commander";
import { connectEngine } from "../../engine/connect-engine.ts";
import { labImagesFor } from "../../drill/bring-up.ts";
import { loadStack } from "../../stack/load-stack.ts";

export function imagesCommand(done: (code: number) => void): Command {
  return new Command("images")
    .description("build the images a lab of a stack needs that are missing (base, host, registry, HAProxy, and the stack's own)")
    .option("--stack <dir>", "the stack whose images to build (a folder with stack.yaml, or a name of stacks/; default: the default stack)")
    .option("--json", "print the image set as JSON")
    .addHelpText("after", "\nImages are tagged by a hash of their build context: an unchanged image is never rebuilt.")
    .action(async (opts: { json?: boolean; stack?: string }) => {
      const stack = await loadStack(opts.stack);
      const images = await labImagesFor(await connectEngine(), stack);
      if (opts.json) process.stdout.write(JSON.stringify(images) + "\n");
      else for (const [role, ref] of Object.entries(images).flatMap(([k, v]) => (Array.isArray(v) ? v.map((r) => [k, r] as const) : [[k, v] as const]))) process.stdout.write(`${role.padEnd(15)} ${ref}\n`);
      done(0);
    });
}
