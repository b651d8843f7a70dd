/** What a value is, for error messages: `string`, `number`, or the class name of an object. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value.constructor as { name?: string } | undefined)?.name ?? 'object';
}
