/** 账户 — sign-in, the account in the header, why an action is not offered (issue #11). */
export const authZhCN = {
  login: {
    title: "登录",
    subtitle: "北京市高新区空间规划平台",
    login: "账号",
    password: "密码",
    submit: "登录",
    busy: "正在登录…",
    failed: "账号或密码错误。",
    tooMany: "登录尝试过多，请稍后再试。",
    sso: "政务统一身份认证登录",
    or: "或使用账号密码登录",
    demoHint: "示意数据库的演示账号见启动日志或 DATA_DIR/demo-accounts.txt。",
  },
  /** While the session is checked, and while the workspace's chunk loads after sign-in. */
  loading: { session: "正在检查登录状态…", workspace: "正在载入工作台…" },
  header: {
    signedInAs: (name: string, roles: string) => `${name}（${roles}）`,
    logout: "退出登录",
  },
  roles: {
    district: "区政府／分园",
    reviewer: "审查",
    lead: "领导",
    approver: "批复登记",
    admin: "管理员",
    viewer: "查看",
  } as Record<string, string>,
  denied: {
    permission: (what: string) => `您的账户无权${what}。`,
    scope: (park: string) => `${park}不在您的账户范围内（只读）。`,
    inForce:
      "区块已认定或已结束：边界与属性的变更属动态调整（《管理办法》第三部分），由市科委、中关村管委会开展。",
  },
  permissions: {
    "blocks.edit": "绘制或编辑区块",
    "blocks.submit": "提交申报",
    "imports.create": "导入区块",
    "proposals.edit": "保存核减方案",
    "proposals.apply": "执行核减方案",
    "settings.edit": "修改设置",
    "weights.edit": "修改权重",
    "evaluations.run": "开展综合评价",
    "audit.read": "查阅审计记录",
  } as Record<string, string>,
};
