/**
 * What a consumer runner received: records, value bytes, and whether each partition's offsets followed on from one
 * another. Called once per record, so it keeps plain arrays indexed by partition rather than maps.
 */
export class ConsumeTally {
  messages = 0;
  valueBytes = 0;
  /** Records whose offset was not the previous one of the same partition + 1 (the first one must be 0). */
  offsetGaps = 0;
  readonly #next: number[] = [];

  add(partition: number, offset: number, value: Buffer | null): void {
    this.messages++;
    if (value !== null) this.valueBytes += value.length;
    if (offset !== (this.#next[partition] ?? 0)) this.offsetGaps++;
    this.#next[partition] = offset + 1;
  }
}
