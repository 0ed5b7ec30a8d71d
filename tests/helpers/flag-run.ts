import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { jobInState } from "./job-wait.js";

/** A block entry of the run's lists (outcome, rank, status… as the server answers them). */
type Entry = { blockId: number; outcome: string } & Record<string, unknown>;
export interface FlagRunBody {
  year: number;
  method: string;
  settings: Record<string, unknown>;
  flagged: Entry[];
  rectificationPassed: Entry[];
  notJudged: Entry[];
}

type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>;

/**
 * A flag run as the API has it since issue #14: POST /api/evaluations/:year/flag-bottom answers 202 with an
 * `evaluation-flags` job; this follows the job (generous bound, a loaded machine) until it has ended, expects
 * it succeeded, and returns the job and its result (what the request used to answer).
 */
export async function runFlags(
  inject: Inject,
  year: number,
  headers: Record<string, string> = {},
): Promise<{ job: Record<string, unknown>; result: FlagRunBody }> {
  const started = await inject({ method: "POST", url: `/api/evaluations/${year}/flag-bottom`, headers });
  expect(started.statusCode, started.body).toBe(202);
  expect(started.json()).toMatchObject({ kind: "evaluation-flags", params: { year } });
  const id = started.json().id as number;
  const job = await jobInState(inject, id, ["succeeded", "failed", "cancelled"], headers);
  expect(job.state, JSON.stringify(job)).toBe("succeeded");
  const result = await inject({ method: "GET", url: `/api/jobs/${id}/result`, headers });
  expect(result.statusCode, result.body).toBe(200);
  return { job, result: result.json() };
}
