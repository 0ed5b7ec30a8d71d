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
