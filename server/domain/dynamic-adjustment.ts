/**
 * 动态调整 applies to 市级高新区 only (《管理办法》第三部分 · 动态调整: "依据评价结果建立市级高新区动态调整机制 … 退出市级高新区
 * 序列"). National blocks are evaluated and ranked together with municipal ones (同步考核、同步评价), but they are
 * never ordered to rectify, never given an exit decision and never reduced by a proposal.
 */
import type { BlockLevel } from "./block.js";

export type Adjustability =
  | { adjustable: true }
  | { adjustable: false; reason: "national"; explanation: { zh: string; en: string } };

export const NATIONAL_NOT_ADJUSTED = {
  zh: "不适用：国家级高新区区块与市级高新区同步考核、同步评价，但动态调整（责令整改、退出、压减）只适用于市级高新区（《管理办法》第三部分 · 动态调整）。",
  en: "Not applicable: national zone. National blocks are evaluated and ranked together with municipal ones, but dynamic adjustment (rectification, exit, reduction) applies to the municipal high-tech zones only (the Measures, part 3 · dynamic adjustment).",
} as const;

export function adjustabilityOf(level: BlockLevel): Adjustability {
  switch (level) {
    case "municipal":
      return { adjustable: true };
    case "national":
      return { adjustable: false, reason: "national", explanation: NATIONAL_NOT_ADJUSTED };
  }
}
