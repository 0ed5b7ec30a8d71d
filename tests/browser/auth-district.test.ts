import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openMapPage } from "../helpers/browser.js";
import {
  type BlockFeature,
  boundsOf,
  canvasPoints,
  type DrawTestContext,
  fetchJson,
  fitTo,
  startDrawTests,
} from "./draw-browser.js";
import { selectBlock } from "./review-helpers.js";

/**
 * Issue #11 in the browser: a district account draws and saves a block in its own park, sees another park's
 * block read-only (edit disabled, the reason named); and a page on a second loopback origin cannot write with
 * the signed-in user's cookie (a text/plain form post and a no-cors multipart upload change nothing).
 */
let context: DrawTestContext;
let attacker: Server | undefined;

beforeAll(async () => {
  context = await startDrawTests();
});

afterAll(async () => {
  attacker?.close();
  await context?.browser.close();
  await context?.testApp.close();
});

const QUAD: [number, number][] = [
  [0.35, 0.35],
  [0.6, 0.36],
  [0.62, 0.62],
  [0.36, 0.6],
];

/** A park with a 意向纳入 block and a block in force, and a block of another park. */
async function blocksByPark() {
  const { features } = await fetchJson<{ features: BlockFeature[] }>(context.baseUrl, "/api/blocks");
  const inForce = features.filter((block) =>
    ["recognized", "rectifying", "reduced"].includes(block.properties.status),
  );
  const own = features.find(
    (block) =>
      block.properties.status === "candidate" &&
      inForce.some((other) => other.properties.parkId === block.properties.parkId),
  ) as BlockFeature;
  const recognized = inForce.find(
    (block) => block.properties.parkId === own.properties.parkId,
  ) as BlockFeature;
  const other = inForce.find((block) => block.properties.parkId !== own.properties.parkId) as BlockFeature;
  const otherCandidate = features.find(
    (block) => block.properties.status === "candidate" && block.properties.parkId !== own.properties.parkId,
  ) as BlockFeature;
  return { own, recognized, other, otherCandidate };
}

describe("a district account", { timeout: 150_000 }, () => {
  test("draws and saves a block in its own park; another park's block and its own park's block in force are read-only, with the reason", async () => {
    const { own, recognized, other, otherCandidate } = await blocksByPark();
    const district = await context.testApp.clientFor({
      roles: ["district"],
      parkIds: [own.properties.parkId],
      name: "区县 规划员",
      password: true,
    });
    const { page, errors } = await openMapPage(browser(), context.baseUrl, "zh-CN", {
      login: district.login,
      password: district.password as string,
    });
    expect(await page.getByTestId("account-name").textContent()).toContain("区县 规划员");

    await selectBlock(page, other);
    const edit = page.getByTestId("draw-edit");
    expect(await edit.isDisabled()).toBe(true);
    expect(await edit.getAttribute("title")).toContain(other.properties.parkName);
    // In its own park, a block in force is the management side's (动态调整): read-only for the district too.
    await selectBlock(page, recognized);
    expect(await edit.isDisabled()).toBe(true);
    expect(await edit.getAttribute("title")).toContain("动态调整");
    // 申报 of another park's candidate: disabled, and it looks it (grey, not the accent of a usable button).
    const apply = page.getByTestId("block-action-apply");
    const colour = () => apply.evaluate((button) => getComputedStyle(button).color);
    await selectBlock(page, otherCandidate);
    expect(await apply.isDisabled()).toBe(true);
    expect(await apply.getAttribute("title")).toContain(otherCandidate.properties.parkName);
    const disabledColour = await colour();
    await selectBlock(page, own);
    expect(await edit.isDisabled()).toBe(false);
    expect(await apply.isDisabled()).toBe(false);
    expect(await colour()).not.toBe(disabledColour);

    await fitTo(page, boundsOf(own.geometry));
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
    await page.getByTestId("draw-snapping").uncheck();
    const points = await canvasPoints(page, QUAD);
    for (const point of [...points, points[0]]) {
      await page.mouse.click(point.x, point.y);
      await page.waitForTimeout(150);
    }
    await page.getByTestId("draw-name").fill("区县自绘区块");
    await page.getByTestId("draw-park").selectOption(String(own.properties.parkId));
    await page.getByTestId("draw-level").selectOption("municipal");
    // Drawn over its own block: saving over a block needs the explicit confirmation (issue #18 item 3).
    await page.getByTestId("draw-block-overlaps").waitFor({ timeout: 20_000 });
    await page.getByTestId("draw-overlap-confirm").check();
    const posted = page.waitForResponse(
      (response) => response.request().method() === "POST" && response.url().endsWith("/api/blocks"),
    );
    await page.getByTestId("draw-save").click();
    const response = await posted;
    expect(response.status()).toBe(201);
    const created = (await response.json()) as BlockFeature;
    const saved = await fetchJson<BlockFeature>(context.baseUrl, `/api/blocks/${created.properties.id}`);
    expect(saved.properties).toMatchObject({ parkId: own.properties.parkId, createdBy: "区县 规划员" });
    await page.close();
    expect(errors).toEqual([]);
  });
});

describe("the sign-in page", { timeout: 120_000 }, () => {
  test("without a session the page asks to sign in (zh-CN), a wrong password is refused, then the map; sign-out", async () => {
    const user = await context.testApp.clientFor({ roles: ["viewer"], name: "访客 甲", password: true });
    const page = await browser().newPage({ locale: "zh-CN" });
    await page.goto(context.baseUrl);
    await page.getByTestId("login-page").waitFor();
    expect(await page.getByTestId("login-submit").textContent()).toBe("登录");
    await page.getByTestId("login-name").fill(user.login);
    await page.getByTestId("login-password").fill("not-the-password");
    await page.getByTestId("login-submit").click();
    await expect.poll(() => page.getByTestId("login-problem").textContent()).toContain("错误");
    await page.getByTestId("login-password").fill(user.password as string);
    await page.getByTestId("login-submit").click();
    await page.waitForFunction(() => window.__mapIdle === true, undefined, { timeout: 60_000 });
    expect(await page.getByTestId("account-name").textContent()).toContain("访客 甲（查看）");
    expect(await page.getByTestId("draw-new").isDisabled()).toBe(true);
    expect(await page.getByTestId("draw-new").getAttribute("title")).toContain("无权绘制或编辑区块");
    await page.getByTestId("logout").click();
    await page.getByTestId("login-page").waitFor();
    await page.close();
  });
});

describe("cross-site request forgery", { timeout: 120_000 }, () => {
  test("a page on another loopback port posts a text/plain form and a no-cors upload: nothing changes", async () => {
    const app = context.baseUrl;
    const page = `<!doctype html><meta charset="utf-8"><body>
      <form id="f" method="POST" action="${app}/api/evaluations/2025/flag-bottom" enctype="text/plain">
        <input name='{"a":"' value='"}'></form>
      <script>
        const form = new FormData();
        form.append("file", new Blob(['{"type":"FeatureCollection","features":[]}']), "x.geojson");
        fetch("${app}/api/imports", { method: "POST", mode: "no-cors", credentials: "include", body: form })
          .finally(() => { document.title = "sent"; document.getElementById("f").submit(); });
      </script></body>`;
    attacker = createServer((_request, reply) =>
      reply.writeHead(200, { "content-type": "text/html" }).end(page),
    );
    await new Promise<void>((resolve) => attacker?.listen(0, "127.0.0.1", resolve));
    const attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;

    const knex = context.testApp.db.knex;
    const counts = async () => {
      const tables = [
        "evaluation_flags",
        "evaluation_runs",
        "import_previews",
        "block_versions",
        "audit_events",
      ];
      const out: Record<string, number> = {};
      for (const table of tables) out[table] = Number((await knex(table).count({ n: "*" }))[0].n);
      return out;
    };
    // Signed in (the session cookie is sent to the app from any page of this browser context), then lured away.
    const { page: tab } = await openMapPage(browser(), app);
    const before = await counts(); // after the sign-in, which leaves its own audit row
    const answers: number[] = [];
    tab.on("response", (response) => {
      if (response.url().startsWith(`${app}/api/`) && response.request().method() === "POST") {
        answers.push(response.status());
      }
    });
    await tab.goto(attackerUrl);
    await tab.waitForURL(`${app}/api/evaluations/2025/flag-bottom`, { timeout: 30_000 });
    expect(await tab.textContent("body")).toContain("csrf-token-missing");
    expect(answers).toContain(403);
    expect(await counts()).toEqual(before);
    await tab.close();
  });
});

function browser() {
  return context.browser;
}
