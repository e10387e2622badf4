import type { StartedLab } from "../lab/started-lab.ts";
import type { Platform } from "../platform/platform.ts";
import { labImage } from "./stack-env.ts";

export type Colour = "blue" | "green";

/** blue is the running wp stack; green is stacks/green.yml beside it. */
export const COLOUR_SERVICE: Record<Colour, string> = { blue: "wp_wordpress", green: "green_wordpress" };

export async function deployGreen(lab: StartedLab, platform: Platform, image: string): Promise<void> {
  await platform.deployStack("green", ["green.yml"], { FIREDRILL_WORDPRESS_IMAGE: labImage(image) });
}

/** Points the front stack (port 80 on every host) at a colour; deploying it again is the switch. */
export async function pointFrontAt(lab: StartedLab, platform: Platform, colour: Colour): Promise<void> {
  await platform.deployStack("front", ["front.yml"], {
    FIREDRILL_HAPROXY_IMAGE: labImage(lab.images.haproxy),
    FIREDRILL_FRONT_TARGET: COLOUR_SERVICE[colour],
  });
}
