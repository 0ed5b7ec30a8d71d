/**
 * 认定材料 as files (《管理办法》第二部分 认定: 请示、重点指标数据、相关规划、空间利用情况): what a district may upload. The
 * platform stores a material and serves it back as a download; it never opens, converts or executes it. A type is
 * allowed by its extension AND its first bytes (a renamed executable is refused).
 * Decisions where the text is silent: at most 20 MB a file (scanned 请示 and plans fit; larger GIS sets are
 * zipped); PDF, OFD, images (PNG, JPEG, TIFF), office files (doc/docx, xls/xlsx, ppt/pptx, wps, et) and zip.
 */
export const MATERIAL_MAX_BYTES = 20 * 1024 * 1024;
export const MATERIAL_MAX_NAME_CHARS = 200;

type Signature = "pdf" | "png" | "jpeg" | "tiff" | "zip" | "ole";

const SIGNATURES: Record<Signature, (bytes: Uint8Array) => boolean> = {
  pdf: (b) => startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]),
  png: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  tiff: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]),
  zip: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]),
  ole: (b) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
};

/** Extension → the media type it is served as, and the signature its bytes must have. */
export const MATERIAL_TYPES: Record<string, { mediaType: string; signature: Signature }> = {
  pdf: { mediaType: "application/pdf", signature: "pdf" },
  ofd: { mediaType: "application/ofd", signature: "zip" },
  png: { mediaType: "image/png", signature: "png" },
  jpg: { mediaType: "image/jpeg", signature: "jpeg" },
  jpeg: { mediaType: "image/jpeg", signature: "jpeg" },
  tif: { mediaType: "image/tiff", signature: "tiff" },
  tiff: { mediaType: "image/tiff", signature: "tiff" },
  doc: { mediaType: "application/msword", signature: "ole" },
  xls: { mediaType: "application/vnd.ms-excel", signature: "ole" },
  ppt: { mediaType: "application/vnd.ms-powerpoint", signature: "ole" },
  wps: { mediaType: "application/vnd.ms-works", signature: "ole" },
  et: { mediaType: "application/vnd.ms-excel", signature: "ole" },
  docx: {
    mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    signature: "zip",
  },
  xlsx: { mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", signature: "zip" },
  pptx: {
    mediaType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    signature: "zip",
  },
  zip: { mediaType: "application/zip", signature: "zip" },
};

export type MaterialCheck =
  | { ok: true; mediaType: string; fileName: string }
  | {
      ok: false;
      reason: "bad-file-name" | "unsupported-type" | "content-mismatch" | "empty-file";
      message: string;
    };

/** Whether a file may be stored as a material: its name, extension and first bytes. */
export function checkMaterialFile(fileName: string, bytes: Uint8Array): MaterialCheck {
  const name = fileName.replace(/^.*[\\/]/, "").trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (name === "" || name.length > MATERIAL_MAX_NAME_CHARS || /[\u0000-\u001f\u007f]/.test(name)) {
    return {
      ok: false,
      reason: "bad-file-name",
      message: `The file name "${name}" is empty, too long or has control characters.`,
    };
  }
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? "";
  const type = MATERIAL_TYPES[extension];
  if (!type) {
    return {
      ok: false,
      reason: "unsupported-type",
      message: `"${name}": .${extension || "(none)"} is not an accepted material type (${Object.keys(MATERIAL_TYPES).join(", ")}).`,
    };
  }
  if (bytes.length === 0) return { ok: false, reason: "empty-file", message: `"${name}" is empty.` };
  if (!SIGNATURES[type.signature](bytes)) {
    return {
      ok: false,
      reason: "content-mismatch",
      message: `"${name}" does not start like a .${extension} file (${type.signature}): refused.`,
    };
  }
  return { ok: true, mediaType: type.mediaType, fileName: name };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((value, index) => bytes[index] === value);
}
