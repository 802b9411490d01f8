/**
 * One conversation step, as a pure function: the chat's stored state and
 * one event in, the next state and the intents to deliver out. The runtime
 * wraps it in a database transaction; tests drive it directly.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { copy } from '../../machines/copy.ts';
import type { DialogueEvent, DialogueInput, StockLookup } from '../../machines/events.ts';
import type { ChartRequest, Intent, StockRef } from '../../machines/intents.ts';
import { dialogues } from '../../machines/registry.ts';
import { BACK_WORDS, CANCEL_WORDS, featureOf, isHelpText, route, type RouterEvent } from '../../machines/router.ts';
import { applyWatchCommand, type WatchlistSettings } from '../../machines/watchlist.ts';

/** A dialogue left untouched this long is ended when the next event arrives. */
export const DIALOGUE_TIMEOUT_MS = 10 * 60 * 1000;

export interface ChatState {
  machineId: string | null;
  machineVersion: number | null;
  /** The machine's persisted snapshot (`getPersistedSnapshot`); null when idle. */
  snapshot: unknown;
  /** When the running dialogue last moved, epoch ms. */
  dialogueAt: number | null;
  /** The last chart settings per dialogue, for 用上次的設定; kept across dialogues. */
  lastCharts?: Partial<Record<ChartRequest['kind'], ChartRequest>>;
  /** The stock the chat looked at last, offered first by 最新消息. */
  lastStock?: StockRef;
  /** 自選股, in the order added. */
  watchlist?: StockRef[];
  /** Opted in to the 每日收盤摘要. */
  digest?: boolean;
}

/** A webhook event after normalisation and directory look-up. */
export type ConversationEvent =
  | { type: 'text'; text: string; stock: StockLookup; reference?: { price: number; etf: boolean } | null }
  | { type: 'choice'; dialogue: string; step: string; value: string; stock: StockLookup }
  | { type: 'command'; command: string; stock: StockLookup }
  | { type: 'follow' }
  | { type: 'join' }
  | { type: 'unsupported' };

export interface StepResult {
  state: ChatState;
  intents: Intent[];
  /** The reason a stored snapshot could not be restored, for the operator's log. */
  resetReason?: string;
}

export const IDLE: ChatState = { machineId: null, machineVersion: null, snapshot: null, dialogueAt: null };

export function step(current: ChatState, event: ConversationEvent, now: number, quiet: boolean): StepResult {
  const command = settingsCommand(current, event);
  if (command) {
    return command;
  }

  const result = stepDialogue(current, event, now, quiet);
  const watched = applyDialogueAdds(current, result.intents);
  const settings = withoutUndefined({
    ...remember(current, result.intents),
    watchlist: watched ? watched.settings.watchlist : current.watchlist,
    digest: watched ? watched.settings.digest : current.digest,
  });
  const unchanged = (Object.keys(settings) as (keyof typeof settings)[]).every((key) => result.state[key] === settings[key]);
  if (unchanged && watched === null) {
    return markWatched(result);
  }
  return markWatched({ ...result, intents: watched?.intents ?? result.intents, state: { ...result.state, ...settings } });
}

/** Flags quote cards of stocks in the chat's 自選股, whose card then offers removal instead of adding. */
function markWatched(result: StepResult): StepResult {
  const watchlist = result.state.watchlist ?? [];
  const isWatched = (intent: Intent) => intent.type === 'showQuote' && watchlist.some((entry) => entry.code === intent.stock.code);
  if (!result.intents.some(isWatched)) {
    return result;
  }
  return { ...result, intents: result.intents.map((intent) => (isWatched(intent) ? { ...intent, watched: true } : intent)) };
}

function settingsOf(state: ChatState): WatchlistSettings {
  return { watchlist: state.watchlist ?? [], digest: state.digest ?? false };
}

/**
 * Commands that act on the chat's settings or on 到價提醒 without a
 * dialogue: 自選股 list, add, remove and digest, alert list and delete.
 * A running dialogue is left as it is.
 */
function settingsCommand(current: ChatState, event: ConversationEvent): StepResult | null {
  const text = event.type === 'text' ? event.text.trim() : '';
  const command = event.type === 'command' ? event.command : text === '自選股' || text === '我的自選股' ? 'watch:list' : text === '我的提醒' ? 'alert:list' : '';

  if (command === 'menu:watchlist') {
    return settingsCommand(current, { type: 'command', command: 'watch:list', stock: { kind: 'notFound' } });
  }
  if (command.startsWith('watch:')) {
    const stock = event.type === 'command' && event.stock.kind === 'found' ? event.stock.stock : null;
    const applied = applyWatchCommand(settingsOf(current), command, stock);
    if (applied) {
      return { state: { ...current, watchlist: applied.settings.watchlist, digest: applied.settings.digest }, intents: applied.intents };
    }
  }
  if (command === 'alert:list') {
    return { state: current, intents: [{ type: 'showAlerts' }] };
  }
  if (command.startsWith('alert:delete:')) {
    return { state: current, intents: [{ type: 'deleteAlert', id: command.slice('alert:delete:'.length) }] };
  }
  return null;
}

/** Applies stocks added through the 新增自選股 dialogue and replaces each with its reply. */
function applyDialogueAdds(current: ChatState, intents: Intent[]): { settings: WatchlistSettings; intents: Intent[] } | null {
  if (!intents.some((intent) => intent.type === 'watchAdd')) {
    return null;
  }
  let settings = settingsOf(current);
  const replaced = intents.flatMap((intent) => {
    if (intent.type !== 'watchAdd') {
      return [intent];
    }
    const applied = applyWatchCommand(settings, 'watch:add', intent.stock)!;
    settings = applied.settings;
    return applied.intents;
  });
  return { settings, intents: replaced };
}

/** Carries the chat's settings over from `current`, updated by what this step asked for. */
function remember(current: ChatState, intents: Intent[]): Pick<ChatState, 'lastCharts' | 'lastStock'> {
  let { lastCharts, lastStock } = current;
  for (const intent of intents) {
    if (intent.type === 'renderChart') {
      lastCharts = { ...lastCharts, [intent.request.kind]: intent.request };
      lastStock = intent.request.stock;
    } else if (intent.type === 'showQuote' || (intent.type === 'showNews' && intent.stock)) {
      lastStock = intent.stock ?? lastStock;
    }
  }
  return withoutUndefined({ lastCharts, lastStock });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function stepDialogue(current: ChatState, event: ConversationEvent, now: number, quiet: boolean): StepResult {
  const intents: Intent[] = [];
  const restored = restore(current);
  let resetReason = restored.resetReason;
  if (resetReason !== undefined && !quiet) {
    intents.push({ type: 'say', text: copy.machineUpdated });
  }

  let active = restored.active;

  if (active && current.dialogueAt !== null && now - current.dialogueAt > DIALOGUE_TIMEOUT_MS) {
    intents.push(...transitionActive(active, { type: 'EXPIRE' }, now).intents);
    active = null;
  }

  const startsFeature = event.type === 'text' || event.type === 'command' ? featureOf(toRouterEvent(event)) !== null : false;
  const restarts = event.type === 'follow' || event.type === 'join' || event.type === 'command' || startsFeature;

  if (active && !restarts) {
    const dialogueEvent = toDialogueEvent(event, active);
    if (dialogueEvent === 'stale') {
      return { state: current, intents: [...intents, { type: 'say', text: copy.staleButton }], resetReason };
    }
    if (dialogueEvent === 'unsupported') {
      const reply: Intent[] = quiet ? [] : [{ type: 'say', text: copy.unsupportedMessage }];
      return { state: current, intents: [...intents, ...reply], resetReason };
    }

    const moved = transitionActive(active, dialogueEvent, now);
    intents.push(...moved.intents);
    return { state: moved.state ?? IDLE, intents, resetReason };
  }

  const routed = route(toRouterEvent(event), quiet);
  if (routed.kind === 'reply') {
    return { state: IDLE, intents: [...intents, ...routed.intents], resetReason };
  }

  const last = current.lastCharts?.[routed.dialogue as ChartRequest['kind']];
  const started = start(routed.dialogue, { quiet, stock: routed.stock, last, recent: current.lastStock }, now);
  intents.push(...started.intents);
  return { state: started.state ?? IDLE, intents, resetReason };
}

interface Active {
  id: string;
  version: number;
  machine: AnyStateMachine;
  snapshot: AnyMachineSnapshot;
}

function restore(current: ChatState): { active: Active | null; resetReason?: string } {
  if (current.machineId === null) {
    return { active: null };
  }

  const definition = dialogues[current.machineId];
  if (!definition) {
    return { active: null, resetReason: `unknown machine ${current.machineId}` };
  }

  let persisted = current.snapshot;
  if (current.machineVersion !== definition.version) {
    const migrated = definition.migrate?.(current.machineVersion ?? 0, persisted) ?? null;
    if (migrated === null) {
      return { active: null, resetReason: `no migration from ${current.machineId} v${current.machineVersion} to v${definition.version}` };
    }
    persisted = migrated;
  }

  try {
    const { value, context } = persisted as { value: unknown; context: unknown };
    const snapshot = definition.machine.resolveState({ value: value as never, context: context as never });
    return { active: { id: current.machineId, version: definition.version, machine: definition.machine, snapshot } };
  } catch (error) {
    // xstate throws for a state that no longer exists; an uncaught error would end the process.
    return { active: null, resetReason: `snapshot of ${current.machineId} could not be restored: ${(error as Error).message}` };
  }
}

function start(dialogueId: string, input: DialogueInput, now: number): { state: ChatState | null; intents: Intent[] } {
  const definition = dialogues[dialogueId];
  if (!definition) {
    throw new Error(`route asked to start unknown dialogue ${dialogueId}`);
  }

  const [snapshot, actions] = initialTransition(definition.machine, input);
  return settle({ id: dialogueId, version: definition.version, machine: definition.machine, snapshot }, snapshot, actions, now);
}

function transitionActive(active: Active, event: DialogueEvent, now: number): { state: ChatState | null; intents: Intent[] } {
  const [snapshot, actions] = transition(active.machine, active.snapshot, event);
  return settle(active, snapshot, actions, now);
}

function settle(
  active: Active,
  snapshot: AnyMachineSnapshot,
  actions: readonly { type: string; params?: unknown }[],
  now: number,
): { state: ChatState | null; intents: Intent[] } {
  const intents = actions
    .filter((action) => action.type === 'xstate.emit')
    .map((action) => (action.params as { event: Intent }).event);

  if (snapshot.status !== 'active') {
    return { state: null, intents };
  }

  return {
    state: {
      machineId: active.id,
      machineVersion: active.version,
      snapshot: active.machine.getPersistedSnapshot(snapshot),
      dialogueAt: now,
    },
    intents,
  };
}

function toDialogueEvent(event: ConversationEvent, active: Active): DialogueEvent | 'stale' | 'unsupported' {
  switch (event.type) {
    case 'text': {
      const word = event.text.trim().toLowerCase();
      if (CANCEL_WORDS.has(word)) return { type: 'CANCEL' };
      if (BACK_WORDS.has(word)) return { type: 'BACK' };
      if (isHelpText(word)) return { type: 'HELP' };
      return { type: 'TEXT', text: event.text, stock: event.stock, reference: event.reference };
    }
    case 'choice': {
      const currentStep = typeof active.snapshot.value === 'string' ? active.snapshot.value : JSON.stringify(active.snapshot.value);
      if (event.dialogue !== active.id || event.step !== currentStep) {
        return 'stale';
      }
      return { type: 'CHOOSE', step: event.step, value: event.value, stock: event.stock };
    }
    default:
      return 'unsupported';
  }
}

function toRouterEvent(event: ConversationEvent): RouterEvent {
  switch (event.type) {
    case 'text':
      return { type: 'text', text: event.text, stock: event.stock };
    case 'command':
      return { type: 'command', command: event.command, stock: event.stock };
    case 'choice':
      return { type: 'staleChoice' };
    default:
      return { type: event.type };
  }
}
