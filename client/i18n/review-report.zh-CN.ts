/** 简体中文 — the all-blocks overlap report view (叠加分析报表); `review-report.en.ts` has the same shape. */
export const reviewReportZhCN = {
  report: {
    hint: "对全部在用区块（或按分园筛选）逐一计算与各图层（图层内融合）及其他区块的重叠，结果可排序、筛选并下载。",
    park: "分园",
    allParks: "全部分园",
    start: "生成报表",
    cancel: "取消",
    state: {
      queued: "排队中",
      running: "计算中",
      succeeded: "已完成",
      failed: "失败",
      cancelled: "已取消",
    } as Record<string, string>,
    progress: (done: number, total: number) => `${done} / ${total} 个区块`,
    filter: "筛选（名称、编码、分园）",
    onlyOverlapping: "仅显示与其他区块重叠的",
    shown: (shown: number, total: number) => `显示 ${shown} / ${total} 行`,
    download: "下载",
    block: "区块",
    areaKm2: "面积（km²）",
    overlapsBlocks: "重叠区块",
    noOverlap: "—",
    zoomHint: "点击一行：地图缩放到该区块及与之重叠的区块；点击重叠区块：缩放到这一对。",
    header: (crs: string, createdAt: string) => `坐标系：${crs}；生成时间：${createdAt}`,
  },
};
