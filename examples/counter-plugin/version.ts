/** The example plugin's version, reported by its connectors and tasks. */
export const VERSION = '1.0.0';
