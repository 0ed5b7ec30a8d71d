import type {
  ProposalRequest,
  ReductionPreview,
  ReductionProposal,
  ReductionRequest,
} from "../../server/schemas/reductions.js";
import type { BlockFeature } from "./blocks.js";
import { type ApiResult, getJson, sendJson } from "./request.js";

export type ReductionRequestBody = ReductionRequest;
export type { ReductionPreview, ReductionProposal };

export function previewReduction(
  id: number,
  body: ReductionRequestBody,
): Promise<ApiResult<ReductionPreview>> {
  return sendJson("POST", `/api/blocks/${id}/reduction-preview`, body);
}

export function fetchProposals(
  id: number,
  signal?: AbortSignal,
): Promise<ApiResult<{ blockVersion: number; features: ReductionProposal[] }>> {
  return getJson(`/api/blocks/${id}/reduction-proposals`, signal);
}

export function saveProposal(id: number, body: ProposalRequest): Promise<ApiResult<ReductionProposal>> {
  return sendJson("POST", `/api/blocks/${id}/reduction-proposals`, body);
}

export function applyProposal(
  id: number,
  proposalId: number,
  version: number,
): Promise<ApiResult<{ block: BlockFeature; proposal: ReductionProposal }>> {
  return sendJson("POST", `/api/blocks/${id}/reduction-proposals/${proposalId}/apply`, { version });
}
