import { Command } from "commander";
import { connectEngine } from "../../engine/connect-engine.ts";
import { ensureImages } from "../../images/ensure-images.ts";

export function imagesCommand(done: (code: number) => void): Command {
  return new Command("images")
    .description("build the lab's images that are missing (base, host, registry, MariaDB, WordPress, HAProxy)")
    .option("--json", "print the image set as JSON")
    .addHelpText("after", "\nImages are tagged by a hash of their build context: an unchanged image is never rebuilt.")
    .action(async (opts: { json?: boolean }) => {
      const images = await ensureImages(await connectEngine());
      if (opts.json) process.stdout.write(JSON.stringify(images) + "\n");
      else for (const [role, ref] of Object.entries(images)) process.stdout.write(`${role.padEnd(15)} ${ref}\n`);
      done(0);
    });
}
