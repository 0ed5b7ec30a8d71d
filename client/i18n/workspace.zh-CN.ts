/** Strings of the working-day workspace (issue #18 items 2, 3, 4, 7, 9), Chinese first. */
export const workspaceZhCN = {
  blockOverlap: {
    title: "与已有区块重叠",
    lead: (count: number) => `该范围与 ${count} 个已有区块重叠（重叠部分只计算一次，请核实是否有意重画）：`,
    row: (name: string, km2: string, shareOfThis: string, shareOfOther: string) =>
      `“${name}”：重叠 ${km2} 平方公里，占本区块 ${shareOfThis}%，占该区块 ${shareOfOther}%`,
    confirm: "我已核实，仍然保存（与已有区块重叠）",
    needConfirm: "该区块与已有区块重叠：请先勾选确认后再保存。",
    importColumn: "与已有区块重叠",
    none: "无",
    checkName: "与其他区块重叠（最大占比）",
  },
};

export type WorkspaceMessages = typeof workspaceZhCN;
