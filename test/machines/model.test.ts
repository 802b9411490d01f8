import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { transition, initialTransition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths, type AdjacencyMap, type StatePath, type TraversalOptions } from 'xstate/graph';
import { INDICATORS, INTERVALS, PERIODS } from '../../machines/chart-options.ts';
import { copy } from '../../machines/copy.ts';
import type { DialogueEvent, DialogueInput, StockLookup } from '../../machines/events.ts';
import type { Intent } from '../../machines/intents.ts';
import { CONDITIONS } from '../../machines/alert-rules.ts';
import { dialogues } from '../../machines/registry.ts';
import { encodeChoice, encodeCommand } from '../../src/conversation/postback.ts';
import { IDLE, step, type ChatState, type ConversationEvent } from '../../src/conversation/step.ts';
import { postbackEvent, textEvent } from '../../src/line/webhook-events.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const TSMC = { code: '2330', name: '台積電', market: 'TWSE' as const };
const UMC = { code: '2303', name: '聯電', market: 'TWSE' as const };
const FOUND: StockLookup = { kind: 'found', stock: TSMC, exact: true };
const NOT_FOUND: StockLookup = { kind: 'notFound' };
const AMBIGUOUS: StockLookup = { kind: 'ambiguous', candidates: [TSMC, UMC] };
const T0 = Date.UTC(2026, 11, 4, 2, 0);

/** Valid choice values of the chart steps, taken from chart-options.ts rather than typed here. */
const KNOWN_CHOICES: Record<string, string> = {
  askStock: TSMC.code,
  chooseStock: TSMC.code,
  askPeriod: PERIODS.find((period) => period.value === '1y')!.value,
  askInterval: INTERVALS.find((interval) => interval.value === 'day')!.value,
  askIndicator: INDICATORS.find((indicator) => indicator.value === 'MACD')!.value,
  askCondition: CONDITIONS.find((condition) => condition.value === 'above')!.value,
};

/** The current price the runtime attaches at the 到價提醒 value step (the recorded 2330 close of 2026-07-08). */
const REFERENCE = { price: 2465, etf: false };

/** Intents that end a dialogue with a result, by dialogue; a dialogue missing here needs any non-ask intent. */
const RESULT_INTENTS: Record<string, Intent['type']> = {
  quote: 'showQuote',
  technical: 'renderChart',
  history: 'renderChart',
  feedback: 'saveFeedback',
  news: 'showNews',
  forecast: 'runForecast',
  alert: 'saveAlert',
};

/** Final states that end a dialogue without a result. */
const STOPPED = new Set(['cancelled', 'expired']);

/** Paths longer than this are not generated; the longest straight path (技術分析) has five events. */
const MAX_PATH_EVENTS = 7;

function stepOf(snapshot: AnyMachineSnapshot): string {
  return typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value);
}

function stockOf(value: string): StockLookup {
  return value === TSMC.code ? FOUND : NOT_FOUND;
}

/** Choice values seen on each step's ask intent, found by walking the machine with the sample events. */
function discoverChoices(machine: AnyStateMachine): Map<string, string[]> {
  const choices = new Map<string, string[]>(Object.entries(KNOWN_CHOICES).map(([name, value]) => [name, [value]]));
  const record = (actions: readonly { type: string; params?: unknown }[]) => {
    for (const action of actions) {
      const intent = (action.params as { event?: Intent } | undefined)?.event;
      // Steps of KNOWN_CHOICES keep their one value, so a path never mixes, say, 1 個月 with MACD.
      if (action.type === 'xstate.emit' && intent?.type === 'ask' && intent.choices?.length && !(intent.step in KNOWN_CHOICES)) {
        choices.set(intent.step, intent.choices.map((choice) => choice.value));
      }
    }
  };

  const [initial, initialActions] = initialTransition(machine, {});
  record(initialActions);
  const queue = [initial];
  const seen = new Set<string>([stepOf(initial)]);
  while (queue.length > 0) {
    const snapshot = queue.shift()!;
    for (const event of sampleEvents(snapshot, choices)) {
      const [next, actions] = transition(machine, snapshot, event);
      record(actions);
      if (next.status === 'active' && !seen.has(stepOf(next))) {
        seen.add(stepOf(next));
        queue.push(next);
      }
    }
  }
  return choices;
}

/** Valid, invalid and ambiguous input plus 取消, 上一步 and 說明, for one state. */
function sampleEvents(snapshot: AnyMachineSnapshot, choices: Map<string, string[]>): DialogueEvent[] {
  // xstate's pure transition() still moves a finished snapshot; the runtime never sends one anything.
  if (snapshot.status !== 'active') return [];

  const current = stepOf(snapshot);
  const values = choices.get(current) ?? [];
  return [
    { type: 'TEXT', text: TSMC.code, stock: FOUND },
    ...(current === 'askValue' ? [{ type: 'TEXT', text: '2500', stock: NOT_FOUND, reference: REFERENCE } as DialogueEvent] : []),
    { type: 'TEXT', text: '隨便打打看', stock: NOT_FOUND },
    { type: 'TEXT', text: '台', stock: AMBIGUOUS },
    ...values.map((value): DialogueEvent => ({ type: 'CHOOSE', step: current, value, stock: stockOf(value) })),
    { type: 'CHOOSE', step: current, value: 'no-such-choice', stock: NOT_FOUND },
    { type: 'CANCEL' },
    { type: 'BACK' },
    { type: 'HELP' },
  ];
}

/** Converts a machine event into what a LINE user does to send it: type a word or tap a button. */
function toConversationEvent(dialogue: string, event: DialogueEvent, current: string): ConversationEvent {
  switch (event.type) {
    case 'TEXT':
      return { type: 'text', text: event.text, stock: event.stock, reference: event.reference };
    case 'CHOOSE':
      return { type: 'choice', dialogue, step: current, value: event.value, stock: event.stock };
    case 'CANCEL':
      return { type: 'text', text: '取消', stock: NOT_FOUND };
    case 'BACK':
      return { type: 'text', text: '上一步', stock: NOT_FOUND };
    case 'HELP':
      return { type: 'text', text: '說明', stock: NOT_FOUND };
    case 'EXPIRE':
      throw new Error('EXPIRE comes from the clock, not from the user; it is not a sample event');
  }
}

function stateName(state: ChatState): string {
  const value = (state.snapshot as { value?: unknown } | null)?.value;
  if (value === undefined) return 'idle';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

interface Model {
  id: string;
  machine: AnyStateMachine;
  choices: Map<string, string[]>;
  options: TraversalOptions<AnyMachineSnapshot, DialogueEvent, DialogueInput>;
}

function modelOf(id: string): Model {
  const machine = dialogues[id]!.machine;
  const choices = discoverChoices(machine);
  return {
    id,
    machine,
    choices,
    options: {
      input: {},
      events: (snapshot: AnyMachineSnapshot) => sampleEvents(snapshot, choices),
      // Context is part of the key because guards such as indicatorFits read it.
      serializeState: (snapshot: AnyMachineSnapshot) => `${snapshot.status}:${stepOf(snapshot)}:${JSON.stringify(snapshot.context)}`,
      serializeEvent: (event: DialogueEvent) => JSON.stringify(event),
    },
  };
}

/** Drives one generated path through the real step(), checking each move against the graph. */
function drive(model: Model, path: StatePath<AnyMachineSnapshot, DialogueEvent>): { state: ChatState; intents: Intent[] } {
  const started = step(IDLE, { type: 'command', command: `menu:${model.id}`, stock: NOT_FOUND }, T0, false);
  assert.equal(started.state.machineId, model.id, `menu:${model.id} starts the dialogue`);
  assert.ok(started.intents.length > 0, `${model.id} prompts when it starts`);
  assert.equal(stateName(started.state), stepOf(path.steps[0]!.state));

  let state = started.state;
  let intents = started.intents;
  path.steps.slice(1).forEach((pathStep, index) => {
    const label = `${model.id} ${stateName(state)} + ${JSON.stringify(pathStep.event)}`;
    const result = step(state, toConversationEvent(model.id, pathStep.event, stateName(state)), T0 + (index + 1) * 1000, false);
    assert.ok(result.intents.length > 0, `${label} emits an intent`);

    const expected = pathStep.state.status === 'active' ? stepOf(pathStep.state) : 'idle';
    assert.equal(stateName(result.state), expected, label);
    state = result.state;
    intents = result.intents;
  });
  return { state, intents };
}

function describePath(path: StatePath<AnyMachineSnapshot, DialogueEvent>): string {
  return path.steps.slice(1).map((pathStep) => pathStep.event.type).join(' → ');
}

function assertEnding(model: Model, path: StatePath<AnyMachineSnapshot, DialogueEvent>, ending: { state: ChatState; intents: Intent[] }): void {
  if (path.state.status === 'active') {
    assert.equal(ending.state.machineId, model.id, `${model.id} is still running at ${stepOf(path.state)}`);
    return;
  }

  assert.deepEqual(ending.state.snapshot, null, `${model.id} ends idle at ${stepOf(path.state)}`);
  if (stepOf(path.state) === 'cancelled') {
    assert.ok(ending.intents.some((intent) => intent.type === 'say' && intent.text === copy.cancelled), `${model.id} confirms the cancel after ${describePath(path)}: ${JSON.stringify(ending.intents)}`);
    return;
  }

  const expected = RESULT_INTENTS[model.id];
  const types = ending.intents.map((intent) => intent.type);
  if (expected !== undefined) {
    assert.ok(types.includes(expected), `${model.id} ends with ${expected}, got ${types.join(', ')}`);
  } else {
    assert.ok(types.some((type) => type !== 'ask'), `${model.id} ends with a result intent, got ${types.join(', ')}`);
  }
}

const models = Object.keys(dialogues).sort().map(modelOf);

describe('dialogue machine models', () => {
  for (const model of models) {
    it(`${model.id} shortest paths run through step`, () => {
      const paths = getShortestPaths(model.machine, model.options);
      const endings = new Set(paths.map((path) => stepOf(path.state)));

      assert.ok(endings.has('cancelled'), `${model.id} can be cancelled`);
      assert.ok([...endings].some((ending) => !STOPPED.has(ending) && paths.some((path) => path.state.status === 'done' && stepOf(path.state) === ending)), `${model.id} can finish`);
      for (const path of paths) {
        assertEnding(model, path, drive(model, path));
      }
    });

    it(`${model.id} simple paths to final states`, () => {
      const paths = getSimplePaths(model.machine, { ...model.options, toState: (snapshot) => snapshot.status === 'done' }).filter((path) => path.steps.length - 1 <= MAX_PATH_EVENTS);

      assert.ok(paths.length > 0, `${model.id} has simple paths`);
      for (const path of paths) {
        assertEnding(model, path, drive(model, path));
      }
    });

    it(`${model.id} has no dead ends`, () => {
      const map = getAdjacencyMap(model.machine, model.options) as AdjacencyMap<AnyMachineSnapshot, DialogueEvent>;
      const resting = Object.values(map).filter((vertex) => vertex.state.status === 'active');

      assert.ok(resting.length > 0);
      for (const vertex of resting) {
        const name = stepOf(vertex.state);
        const moves = Object.values(vertex.transitions) as { event: DialogueEvent; state: AnyMachineSnapshot }[];
        const cancel = moves.find((move) => move.event.type === 'CANCEL');
        const progress = moves.filter((move) => move.event.type === 'TEXT' || move.event.type === 'CHOOSE').filter((move) => move.state.status === 'done' || stepOf(move.state) !== name);

        assert.equal(cancel && stepOf(cancel.state), 'cancelled', `${model.id} ${name} accepts 取消`);
        assert.equal(cancel?.state.status, 'done', `${model.id} ${name} ends on 取消`);
        assert.ok(progress.length > 0, `${model.id} ${name} moves on with valid input`);
      }
    });
  }
});

describe('dialogue machine models over the webhook', () => {
  let harness: Harness;
  let userCount = 0;

  before(async () => {
    harness = await startHarness({ roles: { web: true, worker: false } });
  });

  after(async () => {
    await harness.stop();
  });

  function newUser(): string {
    userCount += 1;
    return `U${'d'.repeat(26)}${userCount.toString(16).padStart(6, '0')}`;
  }

  async function sendAndWait(user: string, event: ReturnType<typeof textEvent> | ReturnType<typeof postbackEvent>, last: boolean, chart: boolean): Promise<void> {
    const seen = harness.line.api.sentTo(user).length;
    const response = await harness.send([event]);
    assert.equal(response.status, 200);
    if (last && chart) {
      await harness.line.api.waitFor((record) => record.to === user && record.kind === 'loading');
      return;
    }
    await harness.line.api.waitFor((record) => record.to === user && harness.line.api.sentTo(user).length > seen);
  }

  for (const model of models) {
    it(`${model.id} final states via webhook`, async () => {
      const paths = getShortestPaths(model.machine, { ...model.options, toState: (snapshot) => snapshot.status === 'done' });
      const byEnding = new Map<string, StatePath<AnyMachineSnapshot, DialogueEvent>>();
      for (const path of paths) {
        const ending = stepOf(path.state);
        if (!byEnding.has(ending)) byEnding.set(ending, path);
      }
      assert.ok(byEnding.has('cancelled'), `${model.id} can be cancelled`);
      assert.ok([...byEnding.keys()].some((ending) => !STOPPED.has(ending)), `${model.id} can finish`);

      for (const [ending, path] of byEnding) {
        const user = newUser();
        const chart = !STOPPED.has(ending) && RESULT_INTENTS[model.id] === 'renderChart';
        await sendAndWait(user, postbackEvent({ userId: user, data: encodeCommand(`menu:${model.id}`) }), false, false);

        const events = path.steps.slice(1);
        for (const [index, pathStep] of events.entries()) {
          const current = stepOf(path.steps[index]!.state);
          const conversation = toConversationEvent(model.id, pathStep.event, current);
          const event = conversation.type === 'choice'
            ? postbackEvent({ userId: user, data: encodeChoice(model.id, current, conversation.value) })
            : textEvent({ userId: user, text: conversation.type === 'text' ? conversation.text : '' });
          await sendAndWait(user, event, index === events.length - 1, chart);
        }

        const row = await harness.gulema.pool.query<{ machine_id: string | null; snapshot: unknown }>('SELECT machine_id, snapshot FROM chats WHERE chat_id = $1', [user]);
        assert.equal(row.rows[0]?.machine_id, null, `${model.id} via ${ending} leaves the chat idle`);
        assert.equal(row.rows[0]?.snapshot, null);
      }
    });
  }
});
