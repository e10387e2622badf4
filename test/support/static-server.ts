import http from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";

/** Serves a directory on a free loopback port (a generated Allure report needs HTTP, not file://). */
export async function serveDirectory(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const relative = decodeURIComponent((req.url ?? "/").split("?")[0]!).replace(/\/$/, "/index.html");
    const file = path.join(root, path.normalize(relative));
    if (!file.startsWith(root)) {
      res.statusCode = 403;
      return res.end();
    }
    try {
      res.end(await readFile(file));
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
