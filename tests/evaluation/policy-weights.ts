import type { IndicatorKey } from "../../server/domain/evaluation-indicators.js";

/**
 * The §4.1 weight table (percent), typed here by hand from DOMAIN.md — the tests' independent copy, never read
 * from the code under test.
 */
export const POLICY_WEIGHTS: Record<IndicatorKey, number> = {
  revenueAdded: 15,
  outputPerLand: 15,
  outputPerEmployee: 10,
  techServiceRevenue: 15,
  qualityEnterprises: 15,
  techContractPerEmployee: 10,
  rdIntensity: 10,
  newTechSmes: 10,
  taxesPaid: 10,
  newUnicorns: 10,
};

/** One block-year of indicator inputs that every indicator can be computed from (any block passes with it). */
export const INPUTS = {
  totalRevenue: 50000,
  revenueAdded: 3000,
  employees: 400,
  techServiceRevenue: 8000,
  qualityEnterprises: 3,
  techContractTurnover: 900,
  rdExpenditure: 1500,
  newTechSmes: 2,
  taxesPaid: 2000,
  newUnicorns: 0,
};
