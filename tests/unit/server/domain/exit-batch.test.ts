import { describe, expect, it } from "vitest";
import { BATCH_DEFAULT_FILTER, batchPlan, fallbackStrategy } from "../../../../server/domain/exit-batch.js";

describe("exit batch plan (《管理办法》第三部分 · 动态调整 / 淘汰方式)", () => {
  it("covers the municipal blocks under rectification by default", () => {
    expect(BATCH_DEFAULT_FILTER).toEqual({ status: "rectifying", level: "municipal" });
  });

  it("proposes an elimination, a reduction with the other strategy as fallback, or a manual review", () => {
    expect(batchPlan("eliminate", "inset")).toEqual({ kind: "eliminate" });
    expect(batchPlan("reduce", "inset")).toEqual({ kind: "reduce", strategies: ["inset", "cut"] });
    expect(batchPlan("reduce", "cut")).toEqual({ kind: "reduce", strategies: ["cut", "inset"] });
    expect(batchPlan("manual-review", "cut")).toEqual({ kind: "manual-review" });
  });

  it("falls back to the other strategy", () => {
    expect(fallbackStrategy("inset")).toBe("cut");
    expect(fallbackStrategy("cut")).toBe("inset");
  });
});
