import { describe, expect, it } from "vitest";
import { checkSettings, DEFAULT_SETTINGS } from "../../../../server/domain/settings.js";

describe("policy settings (what the Measures leave open)", () => {
  it("defaults as DOMAIN.md §4.5 and §4.3 name them", () => {
    expect(DEFAULT_SETTINGS).toEqual({
      shareAtThreshold: "above",
      parkAreaBasis: "all-blocks",
      underFloorAction: "manual-review",
      bottomShareRounding: "floor",
    });
  });

  it("accepts a partial object of known values", () => {
    expect(checkSettings({ shareAtThreshold: "below", bottomShareRounding: "ceil" })).toEqual({
      valid: true,
      settings: { shareAtThreshold: "below", bottomShareRounding: "ceil" },
    });
    expect(checkSettings({})).toEqual({ valid: true, settings: {} });
  });

  it("names the key of an unknown setting or a bad value", () => {
    expect(checkSettings({ colour: "red" })).toMatchObject({ valid: false, key: "colour" });
    const bad = checkSettings({ parkAreaBasis: "union" });
    expect(bad).toMatchObject({ valid: false, key: "parkAreaBasis" });
    expect(bad.valid === false && bad.message).toContain("all-blocks, municipal-blocks");
  });

  it("refuses what is not an object", () => {
    for (const value of [null, "above", 3, ["above"]]) {
      expect(checkSettings(value)).toMatchObject({ valid: false, key: "" });
    }
  });
});
