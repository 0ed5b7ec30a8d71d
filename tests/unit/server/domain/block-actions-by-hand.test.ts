import { describe, expect, it } from "vitest";
import { BLOCK_STATUSES } from "../../../../server/domain/block.js";
import { actionsByHand, byHandRefusal } from "../../../../server/domain/block-actions-by-hand.js";

/** Who takes which step, as DOMAIN.md §4.3/§4.4 read (typed out by hand, not taken from the rule). */
describe("lifecycle actions by hand (DOMAIN.md §4.3: the rectification chain is the evaluation's)", () => {
  it.each([
    ["order-rectification", "recognized", "POST /api/evaluations/:year/flag-bottom"],
    ["order-rectification", "reduced", "POST /api/evaluations/:year/flag-bottom"],
    ["pass-rectification", "rectifying", "POST /api/evaluations/:year/flag-bottom"],
    ["fail-rectification", "rectifying", "POST /api/evaluations/:year/flag-bottom"],
    ["reduce", "rectifying", "POST /api/blocks/:id/reduction-proposals/:pid/apply"],
    ["exit", "rectifying", "POST /api/blocks/:id/reduction-proposals/:pid/apply"],
  ] as const)("refuses %s of a block %s, naming %s", (action, status, route) => {
    const refusal = byHandRefusal(action, status);
    expect(refusal).toMatchObject({ code: "rectification-by-evaluation", action, status });
    expect(refusal?.route).toContain(route);
    expect(refusal?.message).toContain(route);
  });

  it("leaves exit of a block 已认定 or 已压减 (§4.4, ending a block in force), apply and withdraw to people", () => {
    for (const [action, status] of [
      ["exit", "recognized"],
      ["exit", "reduced"],
      ["apply", "candidate"],
      ["withdraw", "applied"],
    ] as const) {
      expect(byHandRefusal(action, status), `${action} ${status}`).toBeNull();
    }
  });

  it("offers by hand only apply, withdraw and exit outside 整改中; nothing on a block 整改中", () => {
    const offered = Object.fromEntries(BLOCK_STATUSES.map((status) => [status, actionsByHand(status)]));
    expect(offered).toEqual({
      candidate: ["apply", "withdraw"],
      applied: ["withdraw"],
      recognized: ["exit"],
      rectifying: [],
      reduced: ["exit"],
      exited: [],
      withdrawn: [],
    });
  });
});
