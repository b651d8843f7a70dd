/**
 * A shipped `.properties` file with some keys set differently: each `key=value` line of an overridden key is
 * replaced in place (so the file still reads like the original), keys it lacks are appended.
 */
export function overrideProperties(text: string, overrides: Readonly<Record<string, string>>): string {
  const pending = new Map(Object.entries(overrides));
  const lines = text.split('\n').map((line) => {
    const match = /^\s*([^#!\s][^=:\s]*)\s*[=:]/.exec(line);
    const key = match?.[1];
    if (key === undefined || !pending.has(key)) return line;
    const value = pending.get(key) as string;
    pending.delete(key);
    return `${key}=${value}`;
  });
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (const [key, value] of pending) lines.push(`${key}=${value}`);
  return lines.join('\n') + '\n';
}
