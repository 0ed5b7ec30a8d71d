import { describe, expect, test } from "vitest";
import { crossingsOf } from "../../../../client/map/draw-state.js";

/** Self-intersection markers while drawing (issue #18 item 10): a repeated pointer position is no crossing. */
describe("crossings of the rings being drawn", () => {
  test("the pointer on the vertex just placed (a repeated position) is no crossing", () => {
    expect(
      crossingsOf([
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [1, 1],
          [0, 0],
        ],
      ]),
    ).toEqual([]);
  });

  test("the pointer on the first vertex while closing is no crossing", () => {
    expect(
      crossingsOf([
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
          [0, 0],
        ],
      ]),
    ).toEqual([]);
  });

  test("a bow tie still crosses at its middle", () => {
    expect(
      crossingsOf([
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ]),
    ).toEqual([[0.5, 0.5]]);
  });
});
