#!/usr/bin/env node
// Runs the TypeScript sources directly (through tsx), so that a fresh clone needs no
// build step and the CLI can never be out of date with the code the tests run.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
// Exit explicitly: open keep-alive sockets to engines must not hold a finished command.
process.exit(await main(process.argv));
