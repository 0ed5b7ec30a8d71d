import type { ApiProblem } from "../api/request.js";
import { useMessages } from "../i18n/i18n-context.js";

/**
 * A refused request in the user's language: our sentence for the error code when we have one, and the
 * server's own message (English, with the exact figures) underneath.
 */
export function ProblemMessage({ problem, testId }: { problem: ApiProblem; testId?: string }) {
  const messages = useMessages();
  const known = messages.review.problems[problem.code];
  return (
    <div className="error" role="alert" data-testid={testId}>
      <p>{known ?? problem.message}</p>
      {known ? <p className="muted small">{problem.message}</p> : null}
    </div>
  );
}
