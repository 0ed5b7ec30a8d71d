import type { InjectOptions, LightMyRequestResponse } from "fastify";

type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>;

/**
 * Polls GET /api/jobs/:id every 50 ms until the job is in one of `states` (a generous bound for a loaded
 * machine: 3 minutes); returns it, or throws with the last state seen.
 */
export async function jobInState(
  inject: Inject,
  id: number,
  states: readonly string[],
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  let job: Record<string, unknown> = {};
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    job = (await inject({ method: "GET", url: `/api/jobs/${id}`, headers })).json();
    if (states.includes(job.state as string)) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} never reached ${states.join("/")}: ${JSON.stringify(job)}`);
}
