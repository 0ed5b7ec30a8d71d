import type { WorkspaceMessages } from "./workspace.zh-CN.js";

export const workspaceEn: WorkspaceMessages = {
  blockOverlap: {
    title: "Overlaps existing blocks",
    lead: (count: number) =>
      `This shape overlaps ${count} existing block(s) (land counts once; check whether the redraw is on purpose):`,
    row: (name: string, km2: string, shareOfThis: string, shareOfOther: string) =>
      `“${name}”: ${km2} km² overlap, ${shareOfThis}% of this block, ${shareOfOther}% of that block`,
    confirm: "I have checked: save anyway (overlaps existing blocks)",
    needConfirm: "This block overlaps existing blocks: tick the confirmation before saving.",
    importColumn: "Overlaps existing blocks",
    none: "none",
    checkName: "Overlaps another block (largest share)",
  },
  live: {
    someone: "another user",
    changed: (actor: string, version: number) =>
      `${actor} has just changed this block to version ${version}; the panel shows the new version.`,
    changedWhileEditing: (actor: string, version: number) =>
      `${actor} has just changed the block you are editing to version ${version}: saving will report a conflict to compare and merge.`,
    connected: "Live updates connected",
    disconnected: "Live updates not connected",
  },
};
