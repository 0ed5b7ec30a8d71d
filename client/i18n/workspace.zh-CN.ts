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
  live: {
    someone: "其他用户",
    changed: (actor: string, version: number) =>
      `该区块刚由${actor}更新为第 ${version} 版，以下已显示最新内容。`,
    changedWhileEditing: (actor: string, version: number) =>
      `你正在编辑的区块刚由${actor}更新为第 ${version} 版：保存时将提示冲突，可比较后合并。`,
    connected: "实时更新已连接",
    disconnected: "实时更新未连接",
  },
};

export type WorkspaceMessages = typeof workspaceZhCN;
