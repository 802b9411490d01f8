/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`) without external
 * tools: self time by function, by file and by package, as shares of the
 * sampled time. Idle and GC are their own rows.
 *
 * Usage: node scripts/bench/summarize-profile.ts FILE.cpuprofile [rows]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/bench/summarize-profile.ts FILE.cpuprofile [rows]');
  process.exit(2);
}
const rows = Number(process.argv[3] ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));

// Self time per node id, in microseconds; a sample's delta is the time until the next sample.
const selfUs = new Map<number, number>();
let totalUs = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index + 1] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  totalUs += delta;
});

const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const [id, us] of selfUs) {
  const frame = byId.get(id)!.callFrame;
  const where = shortUrl(frame.url);
  add(byFunction, `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`, us);
  add(byFile, where, us);
  add(byPackage, packageOf(frame.url, frame.functionName), us);
}

const busyUs = totalUs - (byPackage.get('(idle)') ?? 0);
console.log(`${file}: ${(totalUs / 1e6).toFixed(1)} s sampled, ${(busyUs / 1e6).toFixed(1)} s busy (${pct(busyUs, totalUs)} of wall)\n`);
print('by package (share of busy time)', byPackage);
print('by file', byFile);
print('by function', byFunction);

function print(title: string, table: Map<string, number>): void {
  console.log(`| ${title} | self ms | % busy |\n| --- | ---: | ---: |`);
  const sorted = [...table].filter(([key]) => key !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, rows);
  for (const [key, us] of sorted) {
    console.log(`| ${key} | ${(us / 1000).toFixed(0)} | ${pct(us, busyUs)} |`);
  }
  console.log('');
}

function add(table: Map<string, number>, key: string, us: number): void {
  table.set(key, (table.get(key) ?? 0) + us);
}

function pct(part: number, whole: number): string {
  return `${((part / whole) * 100).toFixed(1)} %`;
}

function shortUrl(url: string): string {
  if (url === '') return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const src = url.search(/\/(src|machines|scripts)\//);
  return src >= 0 ? url.slice(src + 1) : url.replace(/^file:\/\//, '');
}

/** Returns the npm package, `node:` for Node's own JavaScript, `gulema/<dir>` for project files. */
function packageOf(url: string, functionName: string): string {
  if (url === '') {
    return ['(idle)', '(garbage collector)', '(program)'].includes(functionName) ? functionName : '(native)';
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const project = /\/(src|machines|scripts)\/([^/]+)/.exec(url);
  return project ? `gulema/${project[1]}/${project[2]!.replace(/\.ts$/, '')}` : url;
}
