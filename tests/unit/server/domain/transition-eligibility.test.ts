import { describe, expect, it } from "vitest";
import {
  TRANSITION_REFUSALS,
  type TransitionApplication,
  transitionEligibility,
} from "../../../../server/domain/transition-eligibility.js";

/** A live municipal block, 80% in the ecological conservation area, recognized 2021-03-01. */
function application(change: Partial<TransitionApplication> = {}): TransitionApplication {
  return {
    level: "municipal",
    status: "recognized",
    ecoShareOfBlock: 0.8,
    recognizedOnAttribute: "2021-03-01",
    request: { endsOn: "2025-12-31", commitments: { outputPerLand: 5000 } },
    ...change,
  };
}

function reasonOf(change: Partial<TransitionApplication>) {
  const verdict = transitionEligibility(application(change));
  return verdict.eligible ? "eligible" : verdict.reason;
}

describe("transitionEligibility (《管理办法》第三部分 · 过渡培育, DOMAIN.md §4.4)", () => {
  it("gives the terms of a well-formed request, the recognition date taken from the block", () => {
    expect(transitionEligibility(application())).toEqual({
      eligible: true,
      terms: {
        recognizedOn: "2021-03-01",
        endsOn: "2025-12-31",
        commitments: { outputPerLand: 5000 },
        note: "",
        decidedOn: undefined,
      },
    });
  });

  it("prefers the request's recognition date, keeps decidedOn and cuts the note at 2,000 characters", () => {
    const verdict = transitionEligibility(
      application({
        recognizedOnAttribute: undefined,
        request: {
          recognizedOn: "2022-06-30",
          endsOn: "2027-06-30",
          commitments: { revenueAdded: -20, newUnicorns: 3 },
          note: "注".repeat(2500),
          decidedOn: "2022-07-01",
        },
      }),
    );
    if (!verdict.eligible) throw new Error(verdict.message);
    expect(verdict.terms.recognizedOn).toBe("2022-06-30");
    expect(verdict.terms.endsOn).toBe("2027-06-30");
    expect(verdict.terms.commitments).toEqual({ revenueAdded: -20, newUnicorns: 3 });
    expect(verdict.terms.note).toHaveLength(2000);
    expect(verdict.terms.decidedOn).toBe("2022-07-01");
  });

  it("is for live municipal blocks only", () => {
    expect(reasonOf({ level: "national" })).toBe("not-municipal");
    expect(reasonOf({ status: "exited" })).toBe("not-municipal");
    expect(reasonOf({ status: "withdrawn" })).toBe("not-municipal");
    expect(reasonOf({ status: "rectifying" })).toBe("eligible");
  });

  it("needs more than half of the block in the ecological conservation area, and says how much is", () => {
    expect(reasonOf({ ecoShareOfBlock: 0.5000001 })).toBe("eligible");
    const verdict = transitionEligibility(application({ ecoShareOfBlock: 0.5 }));
    expect(verdict).toEqual({
      eligible: false,
      reason: "not-in-eco-area",
      message: "Only 50.0% of the block lies in the ecological conservation area (more than 50% is needed).",
      details: { ecoShare: 0.5 },
    });
  });

  it("needs a recognition date and an end date, and a decision date if one is given", () => {
    const noRecognition = transitionEligibility(application({ recognizedOnAttribute: "2021-02-30" }));
    expect(noRecognition).toMatchObject({ reason: "bad-date", details: { field: "recognizedOn" } });
    const noEnd = transitionEligibility(
      application({ request: { endsOn: "31.12.2025", commitments: { outputPerLand: 1 } } }),
    );
    expect(noEnd).toMatchObject({ reason: "bad-date", details: { field: "endsOn" } });
    const badDecision = transitionEligibility(
      application({
        request: { endsOn: "2025-12-31", commitments: { outputPerLand: 1 }, decidedOn: "2021" },
      }),
    );
    expect(badDecision).toMatchObject({ reason: "bad-date", details: { field: "decidedOn" } });
  });

  it("ends after recognition and at most five years later (the same calendar day)", () => {
    const commitments = { outputPerLand: 1 };
    expect(reasonOf({ request: { endsOn: "2026-03-01", commitments } })).toBe("eligible");
    expect(transitionEligibility(application({ request: { endsOn: "2026-03-02", commitments } }))).toEqual({
      eligible: false,
      reason: "longer-than-five-years",
      message:
        "A transition ends at most 5 years after recognition (2021-03-01): on 2026-03-01 at the latest.",
      details: { recognizedOn: "2021-03-01", endsOn: "2026-03-02", latestEndsOn: "2026-03-01" },
    });
    expect(reasonOf({ request: { endsOn: "2021-03-01", commitments } })).toBe("ends-before-recognition");
  });

  it("needs at least one commitment, on known indicators, ≥ 0 except revenue added (input fields are not indicators)", () => {
    const withCommitments = (commitments: unknown) => ({ request: { endsOn: "2025-12-31", commitments } });
    expect(reasonOf(withCommitments({}))).toBe("bad-commitments");
    expect(reasonOf(withCommitments([5]))).toBe("bad-commitments");
    expect(reasonOf(withCommitments({ employees: 1 }))).toBe("bad-commitments");
    expect(reasonOf(withCommitments({ outputPerLand: -1 }))).toBe("bad-commitments");
    expect(reasonOf(withCommitments({ outputPerLand: Number.NaN }))).toBe("bad-commitments");
    expect(reasonOf(withCommitments({ revenueAdded: -1 }))).toBe("eligible");
  });

  it("checks in the order the reasons are listed: the block before the request", () => {
    const everythingWrong = application({
      level: "national",
      ecoShareOfBlock: 0,
      recognizedOnAttribute: undefined,
      request: { endsOn: "x", commitments: {} },
    });
    expect(transitionEligibility(everythingWrong)).toMatchObject({ reason: "not-municipal" });
    expect(TRANSITION_REFUSALS[0]).toBe("not-municipal");
  });
});
