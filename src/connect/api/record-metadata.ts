/** Where the broker stored a record a source task produced, handed to `SourceTask.commitRecord`. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The record's timestamp as stored (create time, or the broker's log-append time). */
  readonly timestamp: number;
}
