/** Percent with one decimal (UX.md) from a share 0..1; plain numbers with fixed decimals. */
const formats = new Map<string, Intl.NumberFormat>();

function cached(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let format = formats.get(key);
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

export function formatShare(locale: string, share: number): string {
  return cached(
    `${locale}|percent`,
    () =>
      new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  ).format(share);
}

export function formatFixed(locale: string, value: number, fractionDigits: number): string {
  return cached(
    `${locale}|${fractionDigits}`,
    () =>
      new Intl.NumberFormat(locale, {
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }),
  ).format(value);
}
