/** Node's `util.parseArgs` rejects bad flags with a TypeError carrying an `ERR_PARSE_ARGS_*` code. */
export function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}
