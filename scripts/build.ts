/**
 * `npm run build`: writes a plain JavaScript copy (`.mjs`) beside every
 * TypeScript source under src/ and machines/, for the Procfile's web and
 * worker processes. Node.js 24 runs the `.ts` files directly too, but its
 * type stripper costs each process about 17 MiB of memory (measured on
 * Node 24.21 by importing one small `.ts` file against one `.mjs` file).
 * The copies come from Node's own `module.stripTypeScriptTypes`, the same
 * stripper that runs `.ts` files, with relative `.ts` import specifiers
 * rewritten to `.mjs`. Files sit beside their sources, so paths resolved
 * from `import.meta.url` stay the same. Heroku's Node.js buildpack runs
 * this script on every deploy.
 *
 * Usage: node scripts/build.ts [--clean]
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['src', 'machines'];

/** `from './x.ts'`, `import './x.ts'` and `import('./x.ts')` with a relative path. */
const RELATIVE_TS_SPECIFIER = /(\b(?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"\n]*?)\.ts\2/g;

/** Any `.ts` specifier left after the rewrite, which the built file could not load. */
const LEFTOVER_TS_SPECIFIER = /\b(?:from|import)\s*\(?\s*['"][^'"\n]*\.ts['"]/;

function listSources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Returns the JavaScript for one TypeScript source; throws when an import would still point at a `.ts` file. */
export function buildModule(source: string, file: string): string {
  const stripped = stripTypeScriptTypes(source, { mode: 'strip' });
  const rewritten = stripped.replace(RELATIVE_TS_SPECIFIER, (_match, head: string, quote: string, stem: string) => `${head}${quote}${stem}.mjs${quote}`);

  const leftover = LEFTOVER_TS_SPECIFIER.exec(rewritten);
  if (leftover) {
    throw new Error(`${path.relative(ROOT, file)}: cannot rewrite the import ${leftover[0]}; use a relative path ending in .ts`);
  }
  return rewritten;
}

/** Writes every `.mjs` copy and returns how many; with `clean`, removes them instead. */
export function build(options: { clean?: boolean } = {}): number {
  let count = 0;
  for (const dir of SOURCE_DIRS) {
    for (const file of listSources(path.join(ROOT, dir))) {
      const target = file.replace(/\.ts$/, '.mjs');
      if (options.clean) {
        rmSync(target, { force: true });
      } else {
        writeFileSync(target, buildModule(readFileSync(file, 'utf8'), file));
      }
      count += 1;
    }
  }
  return count;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const clean = process.argv.includes('--clean');
  const count = build({ clean });
  console.log(clean ? `build: removed the JavaScript copies of ${count} modules` : `build: wrote ${count} modules as .mjs beside their sources`);
}
