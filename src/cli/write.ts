import type { Writable } from 'node:stream';

/** Writes `text` and resolves once the stream took it, so output is complete before the process exits. */
export function write(out: Writable, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve, reject) => {
    out.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
