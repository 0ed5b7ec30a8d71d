import type { ApiProblem } from "../api/request.js";
import type { Messages } from "../i18n/zh-CN.js";

/** A tool's refusal in the UI language: the server's reason code mapped to a UI string, else its message. */
export function problemText(messages: Messages, problem: ApiProblem): string {
  return messages.tools.refused[problem.code] ?? problem.message;
}
