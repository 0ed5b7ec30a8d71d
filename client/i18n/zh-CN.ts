import type { BlockLevel, BlockStatus } from "../../server/domain/block.js";
import type { LayerId } from "../../server/domain/layers.js";
import { authZhCN } from "./auth.zh-CN.js";
import { drawZhCN } from "./draw.zh-CN.js";
import { reviewZhCN } from "./review.zh-CN.js";
import { roundsZhCN } from "./rounds.zh-CN.js";
import { toolsZhCN } from "./tools.zh-CN.js";
import { workspaceZhCN } from "./workspace.zh-CN.js";

/**
 * 简体中文 — the first and default language. Terms follow GLOSSARY.md (one word for each thing);
 * `en.ts` must have the same shape, which the `Messages` type enforces.
 */
export const zhCN = {
  locale: "zh-CN",
  app: {
    title: "北京市高新区空间规划平台",
    illustrative: "示意数据",
    illustrativeNote: "演示用示意数据，边界与数值均非正式成果",
    language: "语言",
    loading: "正在加载数据…",
    loadFailed: (message: string) => `数据加载失败：${message}`,
    retry: "重试",
  },
  catalogue: {
    title: "图层目录",
    referenceLayers: "参考图层",
    blocks: "区块",
    byLevel: "按级别",
    byStatus: "按状态",
    blockCount: (count: number) => `${count} 个`,
  },
  layers: {
    district: "行政区",
    zgc: "中关村示范区",
    etdz: "国家级经济技术开发区（亦庄）",
    "municipal-development-zone": "市级开发区",
    "district-development-zone": "区级开发区",
    "eco-conservation-area": "生态涵养区",
    "declared-range": "拟申报国家级范围",
  } satisfies Record<LayerId, string>,
  level: {
    national: "国家级",
    municipal: "市级",
  } satisfies Record<BlockLevel, string>,
  status: {
    candidate: "意向纳入",
    applied: "已申报",
    recognized: "已认定",
    rectifying: "整改中",
    reduced: "已压减",
    exited: "已退出",
    withdrawn: "已撤回",
  } satisfies Record<BlockStatus, string>,
  category: {
    A: "城六区与亦庄",
    B: "其他分园",
  },
  search: {
    placeholder: "搜索区块或分园",
    label: "搜索",
    parks: "分园",
    blocks: "区块",
    parkBlocks: (count: number) => `${count} 个区块`,
    noResults: "没有匹配的区块或分园",
    more: (count: number) => `另有 ${count} 项，请输入更多文字`,
    moreThan: (count: number) => `另有 ${count} 项以上，请输入更多文字`,
  },
  panel: {
    close: "关闭",
    overview: "概况",
    history: "历史",
    emptyHint: "在地图上点击区块，或在左侧搜索区块，即可查看其概况。",
    name: "名称",
    code: "编号",
    park: "分园",
    district: "行政区",
    category: "评价类别",
    level: "级别",
    status: "状态",
    recognitionNotApproval: "认定为市级高新区不等于项目审批：区块内的具体项目仍须按有关规定办理审批手续。",
    area: "椭球面积",
    version: "版本",
    lastChange: "最近修改",
    changedBy: "修改人",
    changedAt: "修改时间",
    created: "创建",
    noCode: "（无）",
    zoomTo: "缩放至区块",
    historyLoading: "正在加载历史…",
    historyFailed: (message: string) => `历史加载失败：${message}`,
    versionLabel: (version: number) => `第 ${version} 版`,
    current: "当前",
  },
  change: {
    create: "新建",
    update: "修改",
    end: "终止",
    evaluation: "综合评价",
    apply: "申报",
    recognize: "认定",
    "order-rectification": "责令整改",
    "pass-rectification": "整改达标",
    "fail-rectification": "整改后仍不达标",
    reduce: "压减",
    exit: "退出",
    withdraw: "撤回",
    edit: "修改",
    import: "导入",
    split: "分割",
    merge: "合并",
    restore: "恢复版本",
  } as Record<string, string>,
  units: {
    km2: "平方公里",
    hectares: "公顷",
    metres: "米",
  },
  statusBar: {
    lonLat: "经纬度（CGCS2000）：",
    gaussKruger: (zone: number, centralMeridian: number) =>
      `高斯-克吕格 3°带 第${zone}带（中央经线 ${centralMeridian}°E）：`,
    northing: "X（北）",
    separator: "，",
    easting: "Y（东）",
    zoom: "缩放级别：",
    noCursor: "将鼠标移到地图上",
  },
  review: reviewZhCN,
  draw: drawZhCN,
  auth: authZhCN,
  rounds: roundsZhCN,
  workspace: workspaceZhCN,
  tools: toolsZhCN,
  map: {
    ariaLabel: "地图",
  },
};

/** The shape every language file has. */
export type Messages = typeof zhCN;
