/**
 * Reads the command that package.json's `web` and `worker` scripts (and
 * Heroku's Procfile, which a test keeps equal to them) run, so that the
 * benchmark starts each role with the same Node flags as production.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

export interface RoleCommand {
  /** Node's own flags, before the script. */
  nodeArgs: string[];
  /** The script's path relative to the project root. */
  script: string;
  /** The script's arguments. */
  args: string[];
}

/** Splits `node [flags] script [args]` from the named package.json script; throws when it has another shape. */
export function roleCommand(role: 'web' | 'worker'): RoleCommand {
  const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const command = manifest.scripts[role];
  const words = command?.split(/\s+/).filter(Boolean) ?? [];
  const scriptIndex = words.findIndex((word, index) => index > 0 && !word.startsWith('-'));
  if (words[0] !== 'node' || scriptIndex < 0) {
    throw new Error(`package.json script "${role}" must read "node [flags] script [args]", got ${JSON.stringify(command)}`);
  }
  return { nodeArgs: words.slice(1, scriptIndex), script: words[scriptIndex]!, args: words.slice(scriptIndex + 1) };
}
