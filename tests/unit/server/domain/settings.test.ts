import { describe, expect, it } from "vitest";
import { checkSettings, DEFAULT_SETTINGS, settingsInForce } from "../../../../server/domain/settings.js";

describe("policy settings (what the Measures leave open)", () => {
  it("defaults as DOMAIN.md §4.5 and §4.3 name them", () => {
    expect(DEFAULT_SETTINGS).toEqual({
      shareAtThreshold: "above",
      parkAreaBasis: "in-force-union",
      underFloorAction: "manual-review",
      bottomShareRounding: "floor",
      bottomShareBase: "all-ranked",
      missingDataPolicy: "refuse",
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
    expect(bad.valid === false && bad.message).toContain("in-force-union, in-force-sum");
  });

  it("refuses keys Object.prototype has (toString, constructor, __proto__) as unknown, never as a lookup (issue 15)", () => {
    for (const key of ["toString", "constructor", "hasOwnProperty", "__proto__"]) {
      // JSON.parse makes "__proto__" an own key, as a request body does.
      const value = JSON.parse(`{"${key}":"above"}`);
      expect(checkSettings(value), key).toMatchObject({ valid: false, key });
      expect(settingsInForce(value), key).toEqual(DEFAULT_SETTINGS);
    }
  });

  it("ignores a stored value that is no longer allowed (an older setting's value): the default applies", () => {
    expect(settingsInForce({ parkAreaBasis: "all-blocks", shareAtThreshold: "below" })).toEqual({
      ...DEFAULT_SETTINGS,
      shareAtThreshold: "below",
    });
  });

  it("refuses what is not an object", () => {
    for (const value of [null, "above", 3, ["above"]]) {
      expect(checkSettings(value)).toMatchObject({ valid: false, key: "" });
    }
  });
});
