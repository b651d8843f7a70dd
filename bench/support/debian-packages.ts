/**
 * Installs the Debian packages a peer needs, as the harness's first step for that peer: `apt-get install -y` when one
 * is missing (root only), after one `apt-get update` should the first attempt fail. A peer whose packages cannot be
 * installed is skipped with the reason, so the other peers still run.
 */
import { spawnSync } from 'node:child_process';
import { commandLine } from './timed-command.js';

const INSTALL_TIMEOUT_MS = 15 * 60_000;
let updated = false;

export class PeerUnavailableError extends Error {
  readonly peer: string;

  constructor(peer: string, reason: string) {
    super(`${peer} unavailable: ${reason}`);
    this.name = 'PeerUnavailableError';
    this.peer = peer;
  }
}

function installed(pkg: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function aptGet(args: readonly string[], log: (line: string) => void): { ok: boolean; detail: string } {
  log(`$ ${commandLine('apt-get', args)}`);
  const result = spawnSync('apt-get', args, {
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const detail = (result.error?.message ?? `${result.stderr ?? ''}`).trim().split('\n').slice(-3).join(' / ');
  return { ok: result.status === 0, detail };
}

/** @throws PeerUnavailableError naming `peer` when a package is missing and cannot be installed */
export function ensurePackages(peer: string, packages: readonly string[], log: (line: string) => void): void {
  const missing = packages.filter((pkg) => !installed(pkg));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new PeerUnavailableError(peer, `packages ${missing.join(', ')} are not installed and this is not root`);
  }
  const args = ['install', '-y', '-q', '--no-install-recommends', ...missing];
  let attempt = aptGet(args, log);
  if (!attempt.ok && !updated) {
    updated = true;
    aptGet(['update', '-q'], log);
    attempt = aptGet(args, log);
  }
  if (!attempt.ok) throw new PeerUnavailableError(peer, `apt-get install ${missing.join(' ')} failed: ${attempt.detail}`);
}

/** The installed version of a Debian package, for the report; `unknown` when dpkg does not know it. */
export function packageVersion(pkg: string): string {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout !== '' ? result.stdout : 'unknown';
}
