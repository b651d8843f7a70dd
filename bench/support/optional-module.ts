/**
 * Peer clients that come from npm (amqplib, ioredis) are devDependencies the harness can live without: a runner
 * imports them by a name held in a variable, so the project builds without them, and a suite checks first and
 * skips that peer with the install command when one is missing.
 */
import { createRequire } from 'node:module';

export class OptionalModuleMissingError extends Error {
  readonly module: string;

  constructor(module: string) {
    super(`npm package ${module} is not installed (npm install --no-save ${module})`);
    this.name = 'OptionalModuleMissingError';
    this.module = module;
  }
}

const require = createRequire(import.meta.url);

export function optionalModuleAvailable(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** @throws OptionalModuleMissingError when the package cannot be resolved */
export async function importOptional(name: string): Promise<unknown> {
  if (!optionalModuleAvailable(name)) throw new OptionalModuleMissingError(name);
  const loaded = (await import(name)) as { default?: unknown };
  return loaded.default ?? loaded;
}
