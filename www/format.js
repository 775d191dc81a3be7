// Numbers as the widget shows them.

/** `x` to `d` significant digits, without trailing zeros; a dash for a missing value. */
export const fmt = (x, d = 4) => {
  if (x === null || x === undefined) return "—";
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(d - 1);
  return Number(x.toPrecision(d)).toString();
};
export const vec = (v, d = 4) => (v ? `(${v.map((x) => fmt(x, d)).join(", ")})` : "—");
