import net from "node:net";
import { inputError } from "../errors/firedrill-error.ts";

/** Fails, naming the port and what asked for it, when something already listens there. */
export async function requirePortFree(port: number, what: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
  if (!free) {
    throw inputError(
      "PORT_IN_USE",
      `${what}: port ${port} on 127.0.0.1 is already in use`,
      `Choose another port, or leave it out to let the engine pick a free one; \`ss -ltnp 'sport = :${port}'\` shows who holds it.`,
    );
  }
}
