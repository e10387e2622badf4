import type { Readable } from "node:stream";

/**
 * The last lines a container printed, kept in memory from its start, so that an error
 * can show them even after the container is gone.
 */
export class LogTail {
  private readonly lines: string[] = [];
  constructor(private readonly keep = 40) {}

  follow(stream: Readable): void {
    let partial = "";
    stream.on("data", (chunk: Buffer | string) => {
      const text = partial + chunk.toString();
      const parts = text.split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) this.push(line);
    });
    stream.on("error", () => undefined);
  }

  push(line: string): void {
    this.lines.push(line.replace(/\r$/, ""));
    if (this.lines.length > this.keep) this.lines.shift();
  }

  text(): string {
    return this.lines.join("\n");
  }
}
