import { useState } from "react";
import type { ApiProblem, ApiResult } from "../api/request.js";

/**
 * One request a button sends (preview, save a proposal, save an elimination): busy while it runs, its problem
 * kept to show, and the value handed on when it succeeds. `send` resolves to the value, or null on a problem.
 */
export function useRequest() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  async function send<T>(request: () => Promise<ApiResult<T>>): Promise<T | null> {
    setBusy(true);
    setProblem(null);
    const result = await request();
    setBusy(false);
    if (result.ok) return result.value;
    setProblem(result.problem);
    return null;
  }
  /** Forgets the last problem (the request it was about no longer stands). */
  const reset = () => setProblem(null);
  return { busy, problem, send, reset };
}
