import { describe, expect, it } from "vitest";
import { boxOfPositions } from "../../../../server/domain/extent.js";

describe("boxOfPositions", () => {
  it("takes the box of 150,000 vertices (a spread into Math.min overflows the stack there)", () => {
    const positions = Array.from({ length: 150_000 }, (_, i) => [116 + i * 1e-6, 40 - i * 1e-6]);
    expect(() => Math.min(...positions.map((p) => p[0]).concat(positions.map((p) => p[1])))).toThrow(
      RangeError,
    );
    expect(boxOfPositions(positions)).toEqual([116, 40 - 149_999e-6, 116 + 149_999e-6, 40]);
  });
});
