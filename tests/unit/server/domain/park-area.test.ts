import { describe, expect, it } from "vitest";
import { checkOfficialArea, parkAreaExplanation } from "../../../../server/domain/park-area.js";

describe("checkOfficialArea (an official park area with its 批复文号 and date)", () => {
  it("accepts a positive area, a reference and a real date; trims the reference", () => {
    expect(
      checkOfficialArea({
        areaKm2: 12.5,
        approvalReference: "  京政函〔2024〕1号 ",
        approvedOn: "2024-02-29",
      }),
    ).toEqual({
      valid: true,
      value: { areaKm2: 12.5, approvalReference: "京政函〔2024〕1号", approvedOn: "2024-02-29" },
    });
  });

  it("names the field of each bad value", () => {
    const good = { areaKm2: 1, approvalReference: "x", approvedOn: "2024-01-01" };
    const cases: [unknown, string][] = [
      [null, ""],
      [[good], ""],
      [{ ...good, areaKm2: 0 }, "areaKm2"],
      [{ ...good, areaKm2: -1 }, "areaKm2"],
      [{ ...good, areaKm2: "1" }, "areaKm2"],
      [{ ...good, areaKm2: Number.POSITIVE_INFINITY }, "areaKm2"],
      [{ ...good, approvalReference: "  " }, "approvalReference"],
      [{ ...good, approvedOn: "2023-02-29" }, "approvedOn"], // not a leap year
      [{ ...good, approvedOn: "2024-13-01" }, "approvedOn"],
      [{ ...good, approvedOn: "2024/01/01" }, "approvedOn"],
    ];
    for (const [body, field] of cases) {
      expect(checkOfficialArea(body), JSON.stringify(body)).toMatchObject({ valid: false, field });
    }
  });
});

describe("parkAreaExplanation", () => {
  it("says which basis and which value, to 4 decimals of km²", () => {
    const official = parkAreaExplanation("official", 3.14156, {
      approvalReference: "批复1号",
      approvedOn: "2024-05-01",
    });
    expect(official.zh).toBe("分园面积 3.1416 km²：批复面积（批复1号，2024-05-01）");
    expect(official.en).toContain("the approved area (批复1号, 2024-05-01)");
    const union = parkAreaExplanation("in-force-union", 2, null);
    expect(union.zh).toContain("并集面积，重叠部分只计一次");
    expect(union.zh.startsWith("分园面积 2.0000 km²")).toBe(true);
    expect(parkAreaExplanation("in-force-sum", 2, null).en).toContain("the sum of the areas");
  });
});
