import { describe, expect, it } from "vitest";
import {
  BLOCK_STATUSES,
  ENDED_STATUSES,
  IN_FORCE_STATUSES,
  isBlockLevel,
  isBlockStatus,
  PENDING_STATUSES,
} from "../../../../server/domain/block.js";

/** DOMAIN.md §1: the statuses of a block (the transitions between them: block-lifecycle.test.ts). */
describe("block statuses", () => {
  it("every status is exactly one of pending, in force or ended", () => {
    for (const status of BLOCK_STATUSES) {
      const groups = [PENDING_STATUSES, IN_FORCE_STATUSES, ENDED_STATUSES].filter((group) =>
        group.includes(status),
      );
      expect(groups, status).toHaveLength(1);
    }
  });

  it("recognises levels and statuses, and nothing else", () => {
    expect(isBlockLevel("national")).toBe(true);
    expect(isBlockLevel("municipal")).toBe(true);
    expect(isBlockStatus("rectifying")).toBe(true);
    for (const value of ["district", "", "Recognized", null, undefined, 1, {}]) {
      expect(isBlockLevel(value)).toBe(false);
      expect(isBlockStatus(value)).toBe(false);
    }
  });
});
