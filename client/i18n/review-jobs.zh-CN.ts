/** 后台任务与目录申报材料包（issue #14, #18 item 6）。 */
export const reviewJobsZhCN = {
  jobs: {
    title: "我的任务",
    loading: "正在读取任务…",
    none: "还没有任务。生成材料包、叠加分析报表等耗时操作会在这里显示进度与下载。",
    states: {
      queued: "排队中",
      running: "进行中",
      succeeded: "已完成",
      failed: "失败",
      cancelled: "已取消",
    } as Record<string, string>,
    stages: {
      queued: "等待开始",
      reading: "读取区块",
      boundaries: "计算四至范围",
      maps: "绘制区块图",
      zipping: "打包",
      documents: "生成各区通报",
      deciding: "逐块判定淘汰方式",
      saving: "保存缩减/淘汰方案",
      done: "完成",
      cancelled: "已取消",
    },
    kinds: {
      "catalogue-package": "目录申报材料包",
      "overlap-report": "叠加分析报表",
      "evaluation-notice": "综合评价结果通报",
      "exit-batch": "退出批处理",
      "exit-batch-preview": "退出批处理（仅预览）",
    },
    counts: (done: number, total: number) => `${done} / ${total} 个区块`,
    cancel: "取消任务",
    download: (name: string, bytes: number) => `下载 ${name}（${(bytes / 1024 / 1024).toFixed(1)} MB）`,
    expired: "结果已过保存期限，请重新生成。",
    interrupted: "服务器曾在任务进行中停止，任务已重新开始或标记为失败（见原因）。",
    catalogue: {
      title: "目录申报材料包",
      which: "包含哪些区块",
      scopes: {
        "in-force": "全部已认定的区块（默认，不含意向纳入、申报中区块）",
        park: "当前分园的已认定区块",
        selection: "当前选中区块",
      },
      encoding: "文本编码",
      gbkHint: "报盘与测绘软件默认",
      start: "生成材料包",
    },
  },
};
export type ReviewJobsMessages = typeof reviewJobsZhCN;
