/** The file connectors' version, reported by `version()` of the connectors and their tasks. */
export const VERSION = '0.1.0';
