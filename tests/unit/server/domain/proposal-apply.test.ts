import { describe, expect, it } from "vitest";
import { checkTransition } from "../../../../server/domain/block-lifecycle.js";
import { proposalApplyAction } from "../../../../server/domain/proposal-apply.js";

describe("applying a proposal (《管理办法》第三部分 · 淘汰方式)", () => {
  it("reduces the block for a reduction proposal and exits it for an elimination", () => {
    expect(proposalApplyAction("reduce")).toBe("reduce");
    expect(proposalApplyAction("eliminate")).toBe("exit");
  });

  it("gives 已压减 / 已退出 for a block under rectification, and nothing for a recognized one", () => {
    expect(checkTransition("rectifying", proposalApplyAction("reduce"))).toMatchObject({ to: "reduced" });
    expect(checkTransition("rectifying", proposalApplyAction("eliminate"))).toMatchObject({ to: "exited" });
    expect(checkTransition("recognized", proposalApplyAction("reduce")).allowed).toBe(false);
  });
});
