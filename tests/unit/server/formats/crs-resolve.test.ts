import { describe, expect, it } from "vitest";
import { resolveSourceCrs } from "../../../../server/formats/crs-resolve.js";

describe("resolving the source system", () => {
  const gkBox: [number, number, number, number] = [39440000, 4429000, 39442000, 4431000];

  it("prefers the user's choice, then the file's, then the numbers, and explains itself", () => {
    const fromNumbers = resolveSourceCrs({ bbox: gkBox, gcj02: false });
    expect(fromNumbers).toMatchObject({ ok: true, code: "EPSG:4527", source: "coordinates" });
    expect(fromNumbers.ok && fromNumbers.assumed.join(" ")).toMatch(/Beijing 1954/);
    const declared = resolveSourceCrs({
      declared: { source: "prj", reading: { kind: "known", code: "EPSG:4527", name: "zone 39" } },
      bbox: gkBox,
      gcj02: false,
    });
    expect(declared).toMatchObject({ ok: true, source: "prj" });
    expect(resolveSourceCrs({ userCrs: "EPSG:4527", bbox: gkBox, gcj02: false })).toMatchObject({
      ok: true,
      source: "user",
    });
  });

  it("refuses a .prj the numbers contradict, and GCJ-02 for projected files", () => {
    const wrong = resolveSourceCrs({
      declared: { source: "prj", reading: { kind: "known", code: "EPSG:4490", name: "CGCS2000" } },
      bbox: gkBox,
      gcj02: false,
    });
    expect(wrong).toMatchObject({
      ok: false,
      code: "crs-mismatch",
      details: { numbersLookLike: "EPSG:4527" },
    });
    expect(resolveSourceCrs({ bbox: gkBox, gcj02: true })).toMatchObject({
      ok: false,
      code: "gcj02-needs-lonlat",
    });
    expect(
      resolveSourceCrs({
        declared: { source: "prj", reading: { kind: "legacy", datum: "xian-1980", name: "x" } },
        gcj02: false,
      }),
    ).toMatchObject({ ok: false, code: "legacy-crs" });
  });
});
