import http from "node:http";
import https from "node:https";

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One GET on a connection of its own, opened when the request is sent and closed after
 * its answer, as a new visitor makes it. Not fetch: undici's pool reconnects a client as
 * soon as its socket fails and keeps that connection for a later request, so during an
 * outage that drops packets a request can go out on a connection opened a second before.
 * Through the docker proxy in front of the edge that connection is already established
 * to the edge, its lost packets are resent after 200 and 600 ms, and the request is
 * answered late, after the outage, inside the probe's timeout (measured: requests
 * started up to 800 ms before the end of a hang succeeded). A connection of its own can
 * only be rescued by its SYN's retransmission, 1 s after it (PROBE_TIMEOUT_MS).
 * Redirects are answers, never followed.
 */
export function getOnce(url: string, signal: AbortSignal): Promise<Answer> {
  const client = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { agent: false, signal, headers: { connection: "close" } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }));
      response.on("close", () => {
        if (!response.complete) reject(Object.assign(new Error("the answer was cut short"), { code: "ECONNRESET" }));
      });
    });
    request.on("error", reject);
  });
}
