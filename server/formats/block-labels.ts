import type { BlockLevel, BlockStatus } from "../domain/block.js";

/** Chinese names of block levels and statuses for printed outputs (GLOSSARY.md). */
export const BLOCK_LEVEL_NAMES: Record<BlockLevel, string> = { national: "国家级", municipal: "市级" };

export const BLOCK_STATUS_NAMES: Record<BlockStatus, string> = {
  candidate: "意向纳入",
  applied: "已申报",
  recognized: "已认定",
  rectifying: "整改中",
  reduced: "已压减",
  exited: "已退出",
  withdrawn: "已撤回",
};
