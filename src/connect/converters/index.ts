/** The bundled converters: Kafka's JsonConverter, StringConverter and ByteArrayConverter, byte-compatible. */
export { BUILTIN_CONVERTERS } from './builtin-converters.js';
export type { ConverterClass } from './builtin-converters.js';
export { ByteArrayConverter } from './byte-array-converter.js';
export { JsonConverter } from './json-converter.js';
export { JSON_CONVERTER_CONFIG } from './json-converter-config.js';
export { ENVELOPE_REQUIRED_MESSAGE, EnvelopeRequiredException } from './json-envelope.js';
export { DecimalFormat } from './json-value-writer.js';
export { SimpleHeaderConverter } from './simple-header-converter.js';
export { STRING_CONVERTER_CONFIG, StringConverter } from './string-converter.js';
