/**
 * Number text exactly as Kafka's JsonConverter writes it: Jackson prints a `double` with Java's `Double.toString`
 * and a `float` with `Float.toString` — shortest round-trip digits, but `1.0` rather than `1`, and scientific
 * notation (`1.0E7`, `1.5E-5`) outside [10^-3, 10^7). Java (JDK 19+) never picks a one-digit decimal when a
 * two-digit one that also reads back is closer (`Double.MIN_VALUE` is `4.9E-324`, not `5.0E-324`).
 */

/** Java's `Double.toString(d)`. */
export function formatJavaDouble(value: number): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const shortest = value.toExponential();
  if (/^-?[0-9]e/.test(shortest)) {
    const twoDigits = value.toExponential(1);
    if (Number(twoDigits) === value) return javaDecimal(twoDigits);
  }
  return javaDecimal(shortest);
}

/** Java's `Float.toString(f)` for the float32 nearest `value`: the fewest digits that read back as that float. */
export function formatJavaFloat(value: number): string {
  const f = Math.fround(value);
  if (!Number.isFinite(f)) return nonFinite(f);
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  for (let digits = 0; digits < 9; digits++) {
    const text = f.toExponential(digits);
    if (Math.fround(Number(text)) !== f) continue;
    if (digits === 0) {
      const twoDigits = f.toExponential(1);
      if (Math.fround(Number(twoDigits)) === f) return javaDecimal(twoDigits);
    }
    return javaDecimal(text);
  }
  return javaDecimal(f.toExponential(8));
}

function nonFinite(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** Reformats JavaScript's `d.ddde±x` as Java prints a floating-point number. */
function javaDecimal(exponential: string): string {
  const negative = exponential.startsWith('-');
  const body = negative ? exponential.slice(1) : exponential;
  const e = body.indexOf('e');
  const digits = body.slice(0, e).replace('.', '').replace(/0+$/, '') || '0';
  const exponent = Number(body.slice(e + 1));
  const sign = negative ? '-' : '';
  if (exponent >= -3 && exponent < 7) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1) || '0';
    return `${sign}${whole}.${fraction}`;
  }
  const fraction = digits.slice(1) || '0';
  return `${sign}${digits[0]}.${fraction}E${exponent}`;
}
