import { DataException } from '../errors.js';

const DECIMAL_TEXT = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;

/**
 * An arbitrary-precision decimal, `unscaled × 10^-scale`, the value of the Decimal logical type (Java's
 * `BigDecimal`). Like Java's, equality includes the scale: 2.3 and 2.30 are different values of different schemas.
 */
export class BigDecimal {
  readonly unscaled: bigint;
  readonly scale: number;

  constructor(unscaled: bigint, scale: number) {
    if (!Number.isSafeInteger(scale)) throw new DataException(`BigDecimal scale must be an integer, got ${scale}`);
    this.unscaled = unscaled;
    this.scale = scale;
  }

  /**
   * Java's `new BigDecimal(String)`: digits with an optional fraction and exponent; the scale is the number of
   * fraction digits minus the exponent (`"2.30"` → 230 scale 2, `"1E+3"` → 1 scale -3).
   */
  static parse(text: string): BigDecimal {
    const match = DECIMAL_TEXT.exec(text);
    const whole = match?.[2] ?? '';
    const fraction = match?.[3] ?? '';
    if (match === null || whole.length + fraction.length === 0) {
      throw new DataException(`Not a decimal number: ${JSON.stringify(text)}`);
    }
    const digits = BigInt(whole + fraction);
    const exponent = match[4] === undefined ? 0 : Number(match[4]);
    return new BigDecimal(match[1] === '-' ? -digits : digits, fraction.length - exponent);
  }

  /** The shortest decimal that reads back as `value` (JavaScript's number formatting), as a BigDecimal. */
  static fromNumber(value: number): BigDecimal {
    if (!Number.isFinite(value)) throw new DataException(`Not a finite number: ${value}`);
    return BigDecimal.parse(String(value));
  }

  /** Java's `setScale(scale, RoundingMode.HALF_UP)`: halves round away from zero. */
  setScale(scale: number): BigDecimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new BigDecimal(this.unscaled * 10n ** BigInt(scale - this.scale), scale);
    const divisor = 10n ** BigInt(this.scale - scale);
    const negative = this.unscaled < 0n;
    const magnitude = negative ? -this.unscaled : this.unscaled;
    let quotient = magnitude / divisor;
    if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
    return new BigDecimal(negative ? -quotient : quotient, scale);
  }

  /** The nearest JavaScript number. */
  toNumber(): number {
    return Number(this.toString());
  }

  equals(other: unknown): boolean {
    return other instanceof BigDecimal && other.unscaled === this.unscaled && other.scale === this.scale;
  }

  /**
   * Java's `BigDecimal.toString()`: plain notation when the scale is not negative and the adjusted exponent is at
   * least -6, scientific (`1.23E-7`, `1E+3`) otherwise. JSON writes NUMERIC decimals with this text.
   */
  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    const sign = negative ? '-' : '';
    const adjusted = -this.scale + (digits.length - 1);
    if (this.scale >= 0 && adjusted >= -6) {
      if (this.scale === 0) return sign + digits;
      if (digits.length > this.scale) {
        const point = digits.length - this.scale;
        return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
      }
      return `${sign}0.${'0'.repeat(this.scale - digits.length)}${digits}`;
    }
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}E${adjusted > 0 ? '+' : ''}${adjusted}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
