import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };
const appJson = JSON.parse(readFileSync(path.join(root, 'app.json'), 'utf8')) as { formation: Record<string, unknown>; env: Record<string, unknown> };

/** Variables that Heroku or the operating system sets, which app.json does not ask for. */
const PLATFORM_VARIABLES = new Set(['DATABASE_URL', 'DYNO', 'PORT', 'USER']);

/** Collects every `env.NAME` and `env['NAME']` read in the TypeScript under `dir`. */
function variablesRead(dir: string): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) {
      continue;
    }
    const source = readFileSync(path.join(dir, entry), 'utf8');
    for (const match of source.matchAll(/env(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g)) {
      names.add(match[1] ?? match[2]!);
    }
  }
  return names;
}

function procfile(): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of readFileSync(path.join(root, 'Procfile'), 'utf8').split('\n')) {
    const match = /^([a-z]+):\s*(.+)$/.exec(line.trim());
    if (match) {
      entries.set(match[1]!, match[2]!);
    }
  }
  return entries;
}

describe('Heroku files', () => {
  it('Procfile declares release, web and worker', () => {
    assert.deepEqual([...procfile().keys()].sort(), ['release', 'web', 'worker']);
  });

  it('Procfile runs the roles as package.json does', () => {
    const processes = procfile();

    // The dyno runs node itself, without an npm process beside it, with the same flags the benchmark measures.
    assert.equal(processes.get('web'), manifest.scripts.web);
    assert.equal(processes.get('worker'), manifest.scripts.worker);
    assert.equal(processes.get('release'), 'npm run migrate');
  });

  it('web role bounds its V8 heap', () => {
    const web = manifest.scripts.web ?? '';

    assert.match(web, /^node .*--max-old-space-size=\d+ .*src\/main\.mjs --web$/);
    assert.match(web, /--max-semi-space-size=\d+/);
  });

  it('build script writes the roles\' JavaScript', () => {
    // Heroku's Node.js buildpack runs the build script on every deploy.
    assert.match(manifest.scripts.build ?? '', /^node (--disable-warning=ExperimentalWarning )?scripts\/build\.ts$/);
    assert.match(manifest.scripts.web ?? '', / src\/main\.mjs /);
    assert.match(manifest.scripts.worker ?? '', / src\/main\.mjs /);
  });

  it('engines pins Node 24', () => {
    assert.equal(manifest.engines.node, '24.x');
  });

  it('app.json lists every variable read', () => {
    const listed = new Set(Object.keys(appJson.env));
    const read = [...variablesRead(path.join(root, 'src'))].filter((name) => !PLATFORM_VARIABLES.has(name));

    assert.ok(read.length > 10, `found only ${read.length} variables; is the pattern still right?`);
    assert.deepEqual(read.filter((name) => !listed.has(name)).sort(), []);
  });

  it('app.json formation has web and worker', () => {
    assert.deepEqual(Object.keys(appJson.formation).sort(), ['web', 'worker']);
  });
});
