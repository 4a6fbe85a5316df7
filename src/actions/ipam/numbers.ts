/** Numbers as `ipam show` prints them: Go's `%.5g`, and `N (P%)` with P rounded half to even. */

/** fmt.Sprintf("%.5g", n) for non-negative finite n. */
export function formatG5(n: number): string {
  if (n === 0) return '0';
  const [mant = '0', expText = '0'] = n.toExponential(4).split('e');
  const exp = Number(expText);
  const trim = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 5) {
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${trim(mant)}e${exp < 0 ? '-' : '+'}${e}`;
  }
  return trim(n.toFixed(Math.max(0, 4 - exp)));
}

/** fmt.Sprintf("%.0f", n): round to nearest, ties to even. */
export function roundHalfEven(n: number): number {
  const floor = Math.floor(n);
  const diff = n - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** `5 (8%)`: a count and its share of `total`. */
export function countWithPercent(count: bigint, total: bigint): string {
  const pct = total === 0n ? 0 : (Number(count) * 100) / Number(total);
  return `${formatG5(Number(count))} (${roundHalfEven(pct)}%)`;
}
