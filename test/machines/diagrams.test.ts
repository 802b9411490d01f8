import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createMachine } from 'xstate';
import { dialogues } from '../../machines/registry.ts';
import { DIAGRAMS_DIR, renderDiagrams } from '../../scripts/diagrams.ts';

const STALE = 'differs from the machine definition: run npm run diagrams';

describe('machine diagrams', () => {
  const generated = renderDiagrams();

  it('committed files match the machines', () => {
    for (const [name, content] of generated) {
      let committed: string;
      try {
        committed = readFileSync(path.join(DIAGRAMS_DIR, name), 'utf8');
      } catch {
        assert.fail(`docs/machines/${name} is missing: run npm run diagrams`);
      }
      assert.equal(committed, content, `docs/machines/${name} ${STALE}`);
    }
  });

  it('no diagram without a machine', () => {
    const committed = readdirSync(DIAGRAMS_DIR).filter((name) => name.endsWith('.md')).sort();

    assert.deepEqual(committed, [...generated.keys()].sort(), `docs/machines ${STALE}`);
  });

  it('every registered dialogue has a diagram', () => {
    for (const id of Object.keys(dialogues)) {
      assert.ok(generated.has(`${id}.md`), `${id}.md`);
    }
  });

  it('quote diagram shows its transitions', () => {
    const quote = generated.get('quote.md')!;

    assert.match(quote, /```mermaid\nstateDiagram-v2\n/);
    assert.match(quote, /^  \[\*\] --> start$/m);
    assert.match(quote, /^  askStock --> chooseStock : TEXT \[ambiguous\]$/m);
    assert.match(quote, /^  chooseStock --> done : CHOOSE \[isCandidate\]$/m);
    assert.match(quote, /^  chooseStock --> cancelled : CANCEL$/m);
    assert.match(quote, /^  done --> \[\*\]$/m);
    assert.match(quote, /^- `done` \(final\)$/m);
  });

  it('technical diagram has the indicator step', () => {
    const technical = generated.get('technical.md')!;

    assert.match(technical, /^  askInterval --> askIndicator : CHOOSE \[intervalFits\]$/m);
    assert.match(technical, /^  askIndicator --> done : CHOOSE \[indicatorFits\]$/m);
    assert.doesNotMatch(generated.get('history.md')!, /askIndicator/);
  });

  it('output is stable across runs', () => {
    assert.deepEqual(renderDiagrams(), generated);
  });
});

describe('Stately Studio configs', () => {
  it('every committed config builds a machine', () => {
    for (const file of readdirSync(DIAGRAMS_DIR).filter((name) => name !== 'README.md')) {
      const text = readFileSync(path.join(DIAGRAMS_DIR, file), 'utf8');
      const json = /^createMachine\((\{[\s\S]*\})\);$/m.exec(text)?.[1];
      assert.ok(json, `${file} has a config`);

      const machine = createMachine(JSON.parse(json));
      assert.ok(Object.keys(machine.root.states).length > 2, `${file} config has its states`);
    }
  });
});
