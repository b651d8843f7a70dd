import { ErrorCode } from './error-codes.js';

/**
 * Failures of the wire codec itself (as opposed to KafkaError, which a broker answers with inside a response).
 * Each carries the Kafka error code a broker would use if it chose to answer rather than close the connection.
 */
export class ProtocolError extends Error {
  readonly code: number;

  constructor(message: string, code: number, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A codec failure inside a message: carries the field path from the message root
 * (`topics[2].partitions[0].index`), built only while the error unwinds so the happy path pays nothing.
 */
export abstract class FieldPathError extends ProtocolError {
  readonly #segments: string[] = [];
  readonly #detail: string;
  #context = '';

  constructor(detail: string, code: number, options?: ErrorOptions) {
    super(detail, code, options);
    this.#detail = detail;
  }

  /** The field path, empty when the failure was not inside a message field. */
  get path(): string {
    let out = '';
    for (const s of this.#segments) out += s.startsWith('[') || out === '' ? s : `.${s}`;
    return out;
  }

  /** Called by each enclosing struct (field name) and array (`[i]`) decoder or encoder. */
  prependPath(segment: string): this {
    this.#segments.unshift(segment);
    this.#render();
    return this;
  }

  /** Names the message being coded (`MetadataRequest v4`) in the error text. */
  setContext(context: string): this {
    this.#context = context;
    this.#render();
    return this;
  }

  #render(): void {
    const path = this.path;
    this.message = [this.#context, path, this.#detail].filter((part) => part !== '').join(': ');
  }
}

/** Bytes that do not decode under the spec: truncation, absurd lengths, malformed varints, nulls where not allowed. */
export class ProtocolDecodeError extends FieldPathError {
  constructor(detail: string, options?: ErrorOptions) {
    super(detail, ErrorCode.INVALID_REQUEST, options);
  }
}

/** A value that cannot be written under the spec: null in a non-nullable version, out-of-range integer, etc. */
export class ProtocolEncodeError extends FieldPathError {
  constructor(detail: string, options?: ErrorOptions) {
    super(detail, ErrorCode.UNKNOWN_SERVER_ERROR, options);
  }
}

/** A message spec the codec cannot compile (a tagged field without a tag, an unknown type, ...). */
export class ProtocolSpecError extends ProtocolError {
  constructor(message: string) {
    super(message, ErrorCode.UNKNOWN_SERVER_ERROR);
  }
}

/** A frame size prefix that is negative or above the configured maximum; raised before anything is allocated. */
export class FrameTooLargeError extends ProtocolError {
  readonly size: number;
  readonly maxFrameBytes: number;

  constructor(size: number, maxFrameBytes: number) {
    super(
      size < 0
        ? `Invalid negative frame size ${size}`
        : `Frame of ${size} bytes exceeds the maximum of ${maxFrameBytes} bytes`,
      ErrorCode.INVALID_REQUEST,
    );
    this.size = size;
    this.maxFrameBytes = maxFrameBytes;
  }
}
