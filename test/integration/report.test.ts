import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import type { LabWithStack } from "../../src/drill/bring-up.ts";
import { SCENARIOS } from "../../src/scenarios/definitions/index.ts";
import { firedrill } from "../support/firedrill-process.ts";
import { serveDirectory } from "../support/static-server.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";

/**
 * The report as a person sees it: a real drill (one scenario passing, one missing a
 * budget on purpose, the rest skipped), `firedrill report`, then the HTML opened in
 * headless Chromium.
 */
describe("the Allure report, looked at in a browser (real lab)", function () {
  this.timeout(600_000);
  let shared: LabWithStack;
  let reports: string;
  let browser: Browser;
  let page: Page;
  let server: { url: string; close: () => Promise<void> };

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS + 600_000);
    shared = await sharedLab();
    reports = path.join(await mkdtemp(path.join(os.tmpdir(), "fd-report-")), "reports");
    const env = { FIREDRILL_REPORTS: reports };
    // Only port-collision's convergence is held to an impossible budget: failed-upgrade-rollback
    // converges within 0.1-1 s of its T0, so a budget for every scenario failed it at random.
    const profile = path.join(path.dirname(reports), "report.yaml");
    await writeFile(profile, 'name: report\ndescription: "port-collision held to an impossible convergence"\nscenarioBudgets:\n  port-collision:\n    convergenceMs: 100\n');
    const drill = await firedrill(["drill", "--run", shared.lab.runId, "--profile", profile, "--scenario", "failed-upgrade-rollback,port-collision"], env);
    assert.equal(drill.code, 1, drill.stdout + drill.stderr);
    const report = await firedrill(["report"], env);
    assert.equal(report.code, 0, report.stderr);
    server = await serveDirectory(path.join(reports, "allure-report"));
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("overview: counts every scenario, and the suites", async () => {
    await page.goto(`${server.url}/`);
    await page.getByText("test cases").first().waitFor();
    const text = await page.innerText("body");
    assert.match(text, new RegExp(`${SCENARIOS.length}\\s+test cases`));
    for (const suite of ["Host halt", "Rollback", "Port collision", "Blue-green deployment"]) assert.ok(text.includes(suite), `suite ${suite}`);
  });

  it("suites: lists the scenarios with their statuses", async () => {
    await page.goto(`${server.url}/#suites`);
    for (const [suite, test] of [["Rollback", "failed upgrade rolls back"], ["Port collision", "port collision"], ["Host halt", "host halt, with health checks"]] as const) {
      await expand(page, suite, test);
    }
    const status = async (title: string) => {
      const row = page.locator("div", { hasText: title }).filter({ has: page.locator("[class*=status-icon_status_]") }).last();
      const icon = await row.locator("[class*=status-icon_status_]").first().getAttribute("class");
      return /status-icon_status_(\w+)/.exec(icon ?? "")?.[1];
    };
    assert.equal(await status("failed upgrade rolls back"), "passed");
    assert.equal(await status("port collision"), "failed");
    assert.equal(await status("host halt, with health checks"), "skipped");
  });

  it("a scenario: its phases as steps, figures beside budgets, and the timeline chart rendered", async () => {
    await page.goto(`${server.url}/#suites`);
    await expand(page, "Port collision", "port collision");
    await page.getByText("port collision", { exact: true }).first().click();
    await page.getByText("Execution").waitFor();
    for (const phase of ["steady state", "method", "revert", "restore", "judge", "audit"]) {
      assert.ok((await page.innerText("body")).includes(phase), `phase ${phase}`);
    }
    // The checks are sub-steps of "judge", each named with its figure beside its budget.
    await page.getByText(/^judge: /).first().click();
    await page.getByText(/^convergence: /).first().waitFor();
    const text = await page.innerText("body");
    assert.match(text, /convergence: [\d.]+s \(budget 100ms\)/);
    assert.match(text, /error ratio: [\d.]+% \(budget 1%\)/);
    await page.getByText("availability timeline").first().click();
    const image = page.locator("img[src^='blob:']").first();
    await image.waitFor();
    // (No DOM types in this project: the element is described by what is read of it.)
    const width = await image.evaluate((img) => {
      const i = img as unknown as { complete: boolean; naturalWidth: number };
      return i.complete ? i.naturalWidth : 0;
    });
    assert.equal(width, 900);
    const svg = await readFile(path.join(reports, "allure-results", await attachmentFile(reports, "availability timeline")), "utf8");
    assert.match(svg, /<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /T0/);
  });
});

interface Node {
  attachments?: Array<{ name: string; source: string }>;
  steps?: Node[];
}

/** Allure keeps each attachment in a step of its own: look through the steps too. */
function findAttachment(node: Node, name: string): string | undefined {
  return node.attachments?.find((a) => a.name === name)?.source ?? node.steps?.map((s) => findAttachment(s, name)).find(Boolean);
}

/** Opens a suite in the tree unless it already is (the report remembers what was open). */
async function expand(page: Page, suite: string, test: string): Promise<void> {
  if (await page.getByText(test, { exact: true }).first().isVisible()) return;
  await page.getByText(suite, { exact: true }).first().click();
  await page.getByText(test, { exact: true }).first().waitFor();
}

/** The file name Allure gave the first attachment of that name. */
async function attachmentFile(reports: string, name: string): Promise<string> {
  const { readdir } = await import("node:fs/promises");
  const dir = path.join(reports, "allure-results");
  for (const file of await readdir(dir)) {
    if (!file.endsWith("-result.json")) continue;
    const found = findAttachment(JSON.parse(await readFile(path.join(dir, file), "utf8")) as Node, name);
    if (found) return found;
  }
  throw new Error(`no attachment named ${name}`);
}
