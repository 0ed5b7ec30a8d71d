import { describe, expect, it } from "vitest";
import { BLOCK_STATUSES, type BlockStatus } from "../../../../server/domain/block.js";
import {
  allowedActions,
  BLOCK_ACTIONS,
  type BlockAction,
  canStartAs,
  checkTransition,
  endActionFor,
} from "../../../../server/domain/block-lifecycle.js";

/** The lifecycle as the Measures and DOMAIN.md §1/§4.3 read, typed out by hand (not taken from the rule). */
const ALLOWED: [BlockStatus, BlockAction, BlockStatus][] = [
  ["candidate", "apply", "applied"],
  ["applied", "recognize", "recognized"],
  ["recognized", "order-rectification", "rectifying"],
  ["reduced", "order-rectification", "rectifying"],
  ["rectifying", "pass-rectification", "recognized"],
  ["rectifying", "fail-rectification", "rectifying"],
  ["rectifying", "reduce", "reduced"],
  ["recognized", "exit", "exited"],
  ["rectifying", "exit", "exited"],
  ["reduced", "exit", "exited"],
  ["candidate", "withdraw", "withdrawn"],
  ["applied", "withdraw", "withdrawn"],
];

describe("block lifecycle (《管理办法》第二部分 认定 / 第三部分 管理考核)", () => {
  it.each(ALLOWED)("%s --%s--> %s is allowed", (from, action, to) => {
    expect(checkTransition(from, action)).toEqual({ allowed: true, action, from, to });
  });

  it("allows nothing else: every other (status, action) pair is refused with a reason", () => {
    let refused = 0;
    for (const from of BLOCK_STATUSES) {
      for (const action of BLOCK_ACTIONS) {
        const listed = ALLOWED.some(([f, a]) => f === from && a === action);
        const check = checkTransition(from, action);
        expect(check.allowed, `${from} ${action}`).toBe(listed);
        if (!check.allowed) {
          refused += 1;
          expect(check.reason.length).toBeGreaterThan(10);
        }
      }
    }
    expect(refused).toBe(7 * 8 - ALLOWED.length);
  });

  it("refuses the sample transitions of the issue with a reason naming the statuses", () => {
    const exitedToCandidate = checkTransition("exited", "apply");
    expect(exitedToCandidate).toMatchObject({ allowed: false, from: "exited", to: "applied" });
    expect(!exitedToCandidate.allowed && exitedToCandidate.reason).toMatch(/already ended \(exited\)/);
    const skipRound = checkTransition("candidate", "recognize");
    expect(!skipRound.allowed && skipRound.reason).toMatch(/applied.*candidate/);
    expect(checkTransition("recognized", "reduce").allowed).toBe(false);
    expect(checkTransition("recognized", "pass-rectification").allowed).toBe(false);
    expect(checkTransition("withdrawn", "withdraw").allowed).toBe(false);
    expect(checkTransition("candidate", "exit").allowed).toBe(false);
  });

  it("lists the actions a status allows, and none for an ended block", () => {
    expect(allowedActions("rectifying")).toEqual([
      "pass-rectification",
      "fail-rectification",
      "reduce",
      "exit",
    ]);
    expect(allowedActions("candidate")).toEqual(["apply", "withdraw"]);
    expect(allowedActions("exited")).toEqual([]);
    expect(allowedActions("withdrawn")).toEqual([]);
  });

  it("ends a block by withdrawing it before recognition, by exit after it; an ended block has no end", () => {
    expect(endActionFor("candidate")).toBe("withdraw");
    expect(endActionFor("applied")).toBe("withdraw");
    expect(endActionFor("recognized")).toBe("exit");
    expect(endActionFor("rectifying")).toBe("exit");
    expect(endActionFor("reduced")).toBe("exit");
    expect(endActionFor("exited")).toBeUndefined();
    expect(endActionFor("withdrawn")).toBeUndefined();
  });

  it("records a new block in any status that has not ended", () => {
    expect(BLOCK_STATUSES.filter(canStartAs)).toEqual([
      "candidate",
      "applied",
      "recognized",
      "rectifying",
      "reduced",
    ]);
  });
});
