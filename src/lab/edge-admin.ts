import net from "node:net";
import { labAddress } from "../docker/lab-address.ts";

/**
 * Sends commands to the edge's HAProxy runtime API and returns its answer. Used to
 * switch the edge's backends off and on at a precisely known moment (calibration).
 */
export function edgeCommand(adminPort: number, ...commands: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(adminPort, labAddress().reach);
    let answer = "";
    socket.setTimeout(5000, () => socket.destroy(new Error("the edge's runtime API did not answer within 5s")));
    socket.on("connect", () => socket.end(`${commands.join(";")}\n`));
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("end", () => resolve(answer.trim()));
    socket.on("error", reject);
  });
}

/** Takes every host out of (or back into) the edge's rotation at once. */
export function setEdgeBackends(adminPort: number, hosts: readonly string[], state: "ready" | "maint"): Promise<string> {
  return edgeCommand(adminPort, ...hosts.map((h) => `set server hosts/${h} state ${state}`));
}
