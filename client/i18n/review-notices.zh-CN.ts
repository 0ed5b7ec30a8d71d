/** 综合评价结果通报（issue #13：评价结果报市人民政府审定后，向各区人民政府通报）。 */
export const reviewNoticesZhCN = {
  notices: {
    title: "向各区人民政府通报",
    state: (label: string) => `本年度综合评价：${label}`,
    states: { draft: "草稿", submitted: "报审", approved: "审定" } as Record<string, string>,
    notApproved: "评价结果报市人民政府审定后才能通报。",
    start: "生成通报（各区 XLSX、PDF 及汇总压缩包）",
    again: "重新生成通报",
    none: "本年度尚未通报。",
    notified: (at: string, by: string, count: number) => `${at} 由 ${by} 通报，共 ${count} 个区块`,
    reference: (reference: string) => `依据 ${reference}`,
    district: "区",
    blocks: "区块数",
    files: "通报文件",
    ownOnly: "区账户只能查看和下载本区的通报。",
    earlier: (count: number) => `此前另有 ${count} 次通报（以最新一次为准）`,
  },
};
