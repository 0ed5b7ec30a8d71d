import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoEvaluationsIfEmpty } from "../../server/db/evaluation-demo.js";
import { expectError } from "../helpers/expect-error.js";
import { runFlags } from "../helpers/flag-run.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { POLICY_WEIGHTS } from "./policy-weights.js";

let t: TestApp;
const idOf = new Map<string, number>();
const codeOf = new Map<number, string>();

beforeAll(async () => {
  t = await startTestApp();
  const blocks = (await t.app.inject({ method: "GET", url: "/api/blocks" })).json();
  for (const feature of blocks.features) {
    idOf.set(feature.properties.code, feature.properties.id);
    codeOf.set(feature.properties.id, feature.properties.code);
  }
});
afterAll(async () => t?.close());

interface Entry {
  blockId: number;
  name: string;
  rank: number | null;
  score: number;
  bottom5: boolean;
  exempt: string | null;
  breakdown: { key: string; raw: number; points: number; derivedFrom: Record<string, number> }[];
}

async function ranking(year: number, query = "") {
  const response = await t.app.inject({ method: "GET", url: `/api/evaluations/${year}/ranking${query}` });
  expect(response.statusCode).toBe(200);
  return response.json();
}

const codes = (ids: number[]) => ids.map((id) => codeOf.get(id));

describe("demo evaluations", () => {
  it("the template holds both demo years, one transition and the 2024 flags; loading again adds nothing", async () => {
    const count = async (table: string) => Number((await t.db.knex(table).count("* as count"))[0].count);
    const perYear = await t.db
      .knex("evaluation_indicator_values")
      .select("year")
      .count("* as rows")
      .groupBy("year");
    expect(Object.fromEntries(perYear.map((row) => [row.year, Number(row.rows)]))).toEqual({
      2024: 56,
      2025: 56,
    });
    expect(await count("ecological_transitions")).toBe(1);
    const flagged = await t.db.knex("evaluation_flags").distinct("year").orderBy("year");
    expect(flagged.map((row) => row.year)).toEqual([2024, 2025]);
    const rowsBefore = await count("evaluation_indicator_values");
    expect(await loadDemoEvaluationsIfEmpty(t.db.knex)).toEqual({
      loaded: false,
      years: {},
      transitions: 0,
      flaggedYears: [],
    });
    expect(await count("evaluation_indicator_values")).toBe(rowsBefore);
  });
});

describe("demo ranking", () => {
  it("2024: 24 blocks in A and 26 in B (杨宋 recognized in 2025), bottom 5% = 五里坨 (A) and 永定 (B)", async () => {
    const body = await ranking(2024);
    expect(body.method).toBe("share-of-best");
    expect(body.weightsPercent).toEqual(POLICY_WEIGHTS);
    expect(body.summary.A).toMatchObject({ ranked: 24, incomplete: 0, bottomCount: 1 });
    expect(body.summary.B).toMatchObject({ ranked: 26, incomplete: 0, bottomCount: 1 });
    expect(codes(body.summary.A.bottom5)).toEqual(["shijingshan-wulituo"]);
    expect(codes(body.summary.B.bottom5)).toEqual(["mentougou-yongding"]);
    const a: Entry[] = body.categories.A;
    expect(a.map((entry) => entry.rank)).toEqual(
      [...a.map((entry) => entry.rank)].sort((x, y) => (x ?? 0) - (y ?? 0)),
    );
    expect(a.at(-1)).toMatchObject({ blockId: idOf.get("shijingshan-wulituo"), rank: 24, bottom5: true });
    expect(Object.keys(a[0])).toEqual(
      expect.arrayContaining(["blockId", "name", "park", "score", "rank", "bottom5", "breakdown"]),
    );
  });

  it("2025: 南中轴 (A) and 永定 (B) again; 石龙 (national) last in B is not adjusted, 杨宋 is in transition", async () => {
    const body = await ranking(2025);
    expect(codes(body.summary.A.bottom5)).toEqual(["fengtai-nanzhongzhou"]);
    expect(codes(body.summary.B.bottom5)).toEqual(["mentougou-yongding"]);
    expect(body.summary.B).toMatchObject({ ranked: 27, bottomPool: 27 });
    expect(body.categories.B.at(-1)).toMatchObject({
      blockId: idOf.get("mentougou-shilong"),
      level: "national",
      rank: 27,
      bottom5: false,
      exempt: "national",
    });
    expect(body.categories.B.at(-2)).toMatchObject({
      blockId: idOf.get("huairou-yangsong"),
      rank: 26,
      bottom5: false,
      exempt: "transition",
    });
  });

  it("explains every score: points add up, and 地均产出 uses the block's stored area", async () => {
    const body = await ranking(2025);
    const entry: Entry = body.categories.A[0];
    const sum = entry.breakdown.reduce((total, item) => total + item.points, 0);
    expect(entry.score).toBeCloseTo(sum, 5);
    const block = (await t.app.inject({ method: "GET", url: `/api/blocks/${entry.blockId}` })).json();
    const land = entry.breakdown.find((item) => item.key === "outputPerLand");
    expect(land?.derivedFrom.areaKm2).toBe(block.properties.areaKm2);
    expect(land?.raw).toBeCloseTo((land?.derivedFrom.totalRevenue ?? 0) / block.properties.areaKm2, 6);
  });
});

describe("weights", () => {
  it("seeds the §4.1 table as data, inherited by later years", async () => {
    const body = (await t.app.inject({ method: "GET", url: "/api/evaluations/2025/weights" })).json();
    expect(body).toMatchObject({
      year: 2025,
      definedForYear: 2024,
      inherited: true,
      method: "share-of-best",
      weightsPercent: POLICY_WEIGHTS,
      baseSumPercent: 100,
    });
  });

  it("refuses base weights that do not sum to 100% and keeps the stored ones", async () => {
    const response = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2025/weights",
      payload: { weightsPercent: { revenueAdded: 25 } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.problems[0]).toMatchObject({ code: "base-sum" });
    const body = (await t.app.inject({ method: "GET", url: "/api/evaluations/2025/weights" })).json();
    expect(body.definedForYear).toBe(2024);
  });
});

describe("what-if", () => {
  it("recomputes with other weights without saving, and shows rank changes and the bottom-5% set", async () => {
    const body = await ranking(2025, "?weights=revenueAdded:0,outputPerLand:30&method=min-max");
    expect(body.whatIf).toBe(true);
    expect(body.method).toBe("min-max");
    expect(body.weightsPercent).toMatchObject({ revenueAdded: 0, outputPerLand: 30 });
    const comparison = body.comparison.categories.A;
    expect(comparison.changes.length).toBeGreaterThan(0);
    for (const change of comparison.changes) {
      expect(change.rankBefore).not.toBe(change.rankAfter);
      const after: Entry | undefined = body.categories.A.find(
        (entry: Entry) => entry.blockId === change.blockId,
      );
      expect(after?.rank).toBe(change.rankAfter);
    }
    expect(comparison.bottom5Before).toEqual([idOf.get("fengtai-nanzhongzhou")]);
    expect(comparison.bottom5After).toEqual(body.summary.A.bottom5);
    expect(comparison.bottom5Changed).toBe(
      JSON.stringify(comparison.bottom5After) !== JSON.stringify(comparison.bottom5Before),
    );
    expect(body.comparison.baseline).toMatchObject({
      method: "share-of-best",
      weightsPercent: POLICY_WEIGHTS,
    });
    const stored = (await t.app.inject({ method: "GET", url: "/api/evaluations/2025/weights" })).json();
    expect(stored).toMatchObject({ definedForYear: 2024, method: "share-of-best" });
  });

  it("reports a what-if that moves the bottom 5%", async () => {
    // All base weight on output per land: the smallest-area blocks change places at the bottom.
    const weights =
      "revenueAdded:0,outputPerLand:100,outputPerEmployee:0,techServiceRevenue:0,qualityEnterprises:0," +
      "techContractPerEmployee:0,rdIntensity:0,newTechSmes:0,taxesPaid:0,newUnicorns:0";
    const body = await ranking(2025, `?weights=${weights}&rounding=ceil`);
    expect(body.bottomShareRounding).toBe("ceil");
    const { B } = body.comparison.categories;
    expect(body.summary.B.bottomCount).toBe(2);
    expect(B.bottom5Changed).toBe(true);
    expect(B.enteredBottom5.length).toBeGreaterThan(0);
  });

  it("refuses what-if weights that break the 100% sum, unknown keys and unknown methods", async () => {
    for (const [query, code] of [
      ["?weights=revenueAdded:50", "bad-weights"],
      ["?weights=profit:5", "bad-weights"],
      ["?method=rank-sum", "invalid-request"], // the route schema knows the methods (was "bad-method")
      ["?weights=revenueAdded", "bad-weights"],
    ]) {
      const response = await t.app.inject({ method: "GET", url: `/api/evaluations/2025/ranking${query}` });
      expectError(response, 400, code);
    }
  });
});

describe("recommendations", () => {
  it("lists municipal blocks within the top 20% of their category", async () => {
    const body = (await t.app.inject({ method: "GET", url: "/api/evaluations/2025/recommendations" })).json();
    expect(body.topPercent).toBe(20);
    expect(body.categories.A.topPositions).toBe(5); // ceil(20% × 24)
    expect(body.categories.B.topPositions).toBe(6); // ceil(20% × 27)
    expect(codes(body.categories.A.recommended.map((entry: Entry) => entry.blockId))).toContain(
      "yizhuang-east",
    );
    expect(codes(body.categories.B.recommended.map((entry: Entry) => entry.blockId))).toContain(
      "changping-shahe",
    );
    for (const entry of [...body.categories.A.recommended, ...body.categories.B.recommended]) {
      expect(entry.level).toBe("municipal");
      expect(entry.rank).toBeLessThanOrEqual(6);
    }
  });
});

describe("flagging the bottom 5% (the demo runs 2024 and 2025 at load)", () => {
  it("2024 ordered 五里坨 and 永定 to rectify; 2025 passed 五里坨 (已认定 again), failed 永定, ordered 南中轴", async () => {
    const flags2024 = (await t.app.inject({ method: "GET", url: "/api/evaluations/2024/flags" })).json()
      .flags;
    expect(
      flags2024
        .map((flag: { blockId: number; outcome: string }) => [codeOf.get(flag.blockId), flag.outcome])
        .sort(),
    ).toEqual([
      ["mentougou-yongding", "rectify"],
      ["shijingshan-wulituo", "rectify"],
    ]);
    const history = (
      await t.app.inject({ method: "GET", url: `/api/blocks/${idOf.get("shijingshan-wulituo")}/history` })
    ).json();
    expect(history.slice(-2)).toMatchObject([
      { status: "rectifying", change: "evaluation" },
      { status: "recognized", change: "evaluation" },
    ]);
    const { rectifications } = (
      await t.app.inject({ method: "GET", url: "/api/evaluations/rectifications" })
    ).json();
    const summary = rectifications.map(
      (r: { blockId: number; orderedYear: number; outcome: string; judgedYear: number | null }) => [
        codeOf.get(r.blockId),
        r.orderedYear,
        r.outcome,
        r.judgedYear,
      ],
    );
    expect(summary).toEqual([
      ["shijingshan-wulituo", 2024, "passed", 2025],
      ["mentougou-yongding", 2024, "failed", 2025],
      ["fengtai-nanzhongzhou", 2025, "open", null],
    ]);
    // geodata/README.md: 永定 is a row-2 block (a ≈ 0.815 km², s ≈ 27.8%) whose 0.5 km² floor binds.
    const yongding = rectifications.find(
      (r: { blockId: number }) => r.blockId === idOf.get("mentougou-yongding"),
    );
    expect(yongding.exitDecision).toMatchObject({
      decision: { rule: 2, action: "reduce", floorApplied: true, targetAreaKm2: 0.5 },
    });
    const runs = (await t.app.inject({ method: "GET", url: "/api/evaluations/2025/flags" })).json().runs;
    expect(runs).toEqual([
      expect.objectContaining({
        settings: {
          missingDataPolicy: "refuse",
          bottomShareBase: "all-ranked",
          bottomShareRounding: "floor",
        },
      }),
    ]);
  });

  it("running 2025 again changes nothing", async () => {
    const versionsBefore = Number((await t.db.knex("block_versions").count("* as count"))[0].count);
    const { result: again } = await runFlags(
      t.app.inject.bind(t.app),
      2025,
      await t.actorHeaders("evaluator"),
    );
    const byCode = new Map(
      again.flagged.map((entry: { blockId: number }) => [codeOf.get(entry.blockId), entry]),
    );
    expect(byCode.get("fengtai-nanzhongzhou")).toMatchObject({
      outcome: "already-flagged",
      recordedOutcome: "ordered",
    });
    expect(byCode.get("mentougou-yongding")).toMatchObject({
      outcome: "already-flagged",
      recordedOutcome: "failed",
    });
    expect(again.rectificationPassed).toEqual([
      expect.objectContaining({
        blockId: idOf.get("shijingshan-wulituo"),
        released: true,
        status: "recognized",
      }),
    ]);
    expect(Number((await t.db.knex("block_versions").count("* as count"))[0].count)).toBe(versionsBefore);
  });

  it("refuses to submit (报审) a year with missing data unless asked to ignore it, and to flag it before 审定", async () => {
    const response = await t.app.inject({ method: "POST", url: "/api/evaluations/2026/approval/submit" });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: "incomplete-data" });
    expect(response.json().error.details.incomplete).toHaveLength(51);
    const flag = await t.app.inject({ method: "POST", url: "/api/evaluations/2026/flag-bottom" });
    expect(flag.statusCode).toBe(409);
    expect(flag.json().error).toMatchObject({ code: "year-not-approved", details: { state: "draft" } });
  });
});

describe("storing weights", () => {
  it("stores a year's own weights and method, leaving earlier years alone, append-only", async () => {
    const response = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2025/weights",
      headers: await t.actorHeaders("planner"),
      payload: { method: "min-max", weightsPercent: { revenueAdded: 10, rdIntensity: 15 } },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      definedForYear: 2025,
      inherited: false,
      method: "min-max",
      baseSumPercent: 100,
      changedBy: "planner",
      weightsPercent: { ...POLICY_WEIGHTS, revenueAdded: 10, rdIntensity: 15 },
    });
    const earlier = (await t.app.inject({ method: "GET", url: "/api/evaluations/2024/weights" })).json();
    expect(earlier.weightsPercent).toEqual(POLICY_WEIGHTS);
    expect((await ranking(2025)).method).toBe("min-max");
    await expect(t.db.knex("evaluation_configs").update({ method: "share-of-best" })).rejects.toThrow(
      /append-only/,
    );
  });
});
