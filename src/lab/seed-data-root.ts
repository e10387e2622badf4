import path from "node:path";
import type Docker from "dockerode";
import { runOnce } from "../docker/run-once.ts";
import { capabilityHostConfig } from "../engine/security-mode.ts";

/** Written last into a prepared root (prepared-root.ts): a root without it was interrupted while being made. */
export const COMPLETE = ".firedrill-complete";
/** Only what holds images. The rest (containers, networks, swarm state, the engine's id) belongs to one engine. */
export const KEPT = ["image", "overlay2"];

/**
 * Gives a host's (empty) engine volume its own copy of a prepared root. The image store
 * is copied; the layers are hard-linked when both volumes sit in one folder of the
 * engine's disk (the local driver), which takes a moment instead of writing every layer
 * again. That is safe because a layer's files are never written in place: overlayfs
 * copies a file up before it changes, and removing an image unlinks only its own names.
 * Otherwise (another volume driver) the layers are copied too. Fails when the root is
 * incomplete rather than give a host half an image store.
 */
export async function seedDataRoot(outer: Docker, base: string, root: string, volume: string, labels: Record<string, string>): Promise<void> {
  const [from, to] = await Promise.all([root, volume].map((v) => outer.getVolume(v).inspect().then((i) => i.Mountpoint)));
  const shared = from && to && path.posix.dirname(path.posix.dirname(from)) === path.posix.dirname(path.posix.dirname(to)) ? path.posix.dirname(path.posix.dirname(from)) : undefined;
  const [src, dst, binds] = shared
    ? [`/volumes/${path.posix.basename(path.posix.dirname(from!))}/_data`, `/volumes/${path.posix.basename(path.posix.dirname(to!))}/_data`, [`${shared}:/volumes`]]
    : ["/root", "/data", [`${root}:/root:ro`, `${volume}:/data`]];
  const { exitCode, output } = await runOnce(outer, {
    image: base,
    // cp -a keeps what overlay2 layers are made of: hard links, the whiteout devices and
    // the trusted.overlay.* attributes (the last needs CAP_SYS_ADMIN, hence the capabilities).
    command: [
      "sh",
      "-c",
      `set -e; test -f ${src}/${COMPLETE} || exit 3; cp -a ${src}/image ${dst}/; ` +
        `cp -al ${src}/overlay2 ${dst}/ 2>/dev/null || { rm -rf ${dst}/overlay2; cp -a ${src}/overlay2 ${dst}/; }`,
    ],
    labels,
    hostConfig: { ...capabilityHostConfig(), Binds: binds },
  });
  if (exitCode === 3) throw new Error(`the prepared data root ${root} is incomplete; remove it (\`docker volume rm ${root}\`) and start again`);
  if (exitCode !== 0) throw new Error(`copying the prepared data root ${root} failed (exit ${exitCode}): ${output}`);
}
