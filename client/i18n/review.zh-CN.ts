import { reviewAuditZhCN } from "./review-audit.zh-CN.js";
import { reviewBlockZhCN } from "./review-block.zh-CN.js";
import { reviewEvaluationZhCN } from "./review-evaluation.zh-CN.js";
import { reviewExitZhCN } from "./review-exit.zh-CN.js";
import { reviewFilesZhCN } from "./review-files.zh-CN.js";
import { reviewJobsZhCN } from "./review-jobs.zh-CN.js";
import { reviewNoticesZhCN } from "./review-notices.zh-CN.js";
import { reviewReportZhCN } from "./review-report.zh-CN.js";
import { reviewYearZhCN } from "./review-year.zh-CN.js";

/**
 * 简体中文 — the review, reduction, evaluation, site-check and import/export views (issue 6, issue 7 UI).
 * Terms follow GLOSSARY.md; `review.en.ts` has the same shape (type-checked). The views' own strings are in
 * review-block, review-exit, review-evaluation and review-files (.zh-CN.ts / .en.ts).
 */
export const reviewZhCN = {
  tabs: {
    overlaps: "叠加分析",
    share: "占分园面积比例",
    evaluation: "评价",
    exit: "淘汰方式/压减",
  },
  problems: {
    network: "无法连接服务器，请检查网络后重试。",
    "rectification-closed": "该整改记录已由后5%认定判定，不再记录整改报告。",
    "bad-report": "请填写整改情况（1–4000 字）。",
    "bad-report-date": "报告日期须为责令整改年度起至今天之间的日期。",
    "bad-reporter": "请填写报告单位或报告人（1–200 字）。",
    "version-conflict": "区块已被他人修改，请重新加载后再操作。",
    "proposal-stale": "方案基于区块的旧版本计算，已失效，请重新生成。",
    "proposal-applied": "该方案已应用过。",
    "no-reduction": "该规则不压减此区块。",
    "reduction-failed": "无法生成符合要求的压减边界，请换一种压减方式或参数。",
    "not-the-rule": "按《管理办法》第三部分 · 淘汰方式，此区块应压减，不是直接淘汰。",
    "not-applicable": "国家级区块不适用动态调整（《管理办法》第三部分 · 动态调整）。",
    "bad-reduction-request": "压减参数有误。",
    "block-ended": "该区块已结束。",
    "job-failed": "后台任务失败：",
    interrupted: "服务器在任务进行中停止，任务未写入任何内容，请重新操作。",
    "no-importable-features": "文件中没有可导入为区块的要素，请查看报告。",
    "file-too-large": "文件超过上传大小限制。",
    "too-many-features": "文件要素过多，请分批导入。",
    "legacy-crs": "文件为北京54或西安80坐标，请先转换为CGCS2000后再导入。",
    "unknown-crs": "无法识别文件的坐标系，请手动选择源坐标系。",
    "unsupported-crs": "不支持该坐标系，请转换为CGCS2000后再导入。",
    "crs-mismatch": "文件声明的坐标系与坐标数值不符，请手动选择源坐标系。",
    "gcj02-needs-lonlat": "GCJ-02 纠正只适用于经纬度坐标。",
    "missing-fields": "部分要素缺少名称、分园或级别：请设置字段对应或缺省值。",
    "duplicate-codes": "区块编号重复，请修改文件或不对应编号字段。",
    "import-committed": "该导入已确认过。",
    "unknown-park": "分园不存在。",
    "bad-mapping": "字段对应有误。",
    "bad-upload": "上传的文件无法读取。",
    "invalid-geometry": "几何图形无效。",
  } as Record<string, string>,
  common: {
    loading: "正在加载…",
    failed: (message: string) => `加载失败：${message}`,
    close: "关闭",
    km2: "平方公里",
    hectares: "公顷",
    unavailable: "该功能的服务尚未就绪。",
  },
  ...reviewBlockZhCN,
  ...reviewExitZhCN,
  toolbar: {
    park: "分园视图",
    composition: "空间构成",
    ranking: "评价排名",
    overlaps: "叠加分析报表",
    "site-check": "项目落地核查",
    import: "导入",
    export: "导出",
    audit: "审计记录",
    jobs: "任务",
    rounds: "集中认定",
    "evaluation-year": "评价年度",
  },
  views: {
    park: "分园视图",
    composition: "空间构成",
    ranking: "综合评价排名",
    overlaps: "叠加分析报表（全部区块）",
    siteCheck: "项目落地核查",
    import: "导入",
    export: "导出",
    audit: "审计记录",
    jobs: "我的任务",
    year: "年度",
    rounds: "年度集中认定",
    evaluationYear: "年度综合评价",
  },
  ...reviewEvaluationZhCN,
  ...reviewFilesZhCN,
  ...reviewJobsZhCN,
  ...reviewNoticesZhCN,
  ...reviewReportZhCN,
  ...reviewAuditZhCN,
  ...reviewYearZhCN,
};

export type ReviewMessages = typeof reviewZhCN;
