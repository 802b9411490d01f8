/**
 * Builds the messages that the Stately inspector understands from one
 * conversation step. The shapes follow what `createWebSocketInspector` of
 * @statelyai/inspect 0.7.2 sends (read from its dist/index.mjs):
 * `@xstate.actor` when an actor appears, `@xstate.event` for each event it
 * receives and `@xstate.snapshot` for the state it moved to. Every message
 * passes through maskDeep, so no LINE id reaches the inspector.
 */
import type { AnyStateMachine } from 'xstate';
import { maskDeep, maskLineIds } from './mask.ts';

/** The @statelyai/inspect version whose message shapes these copy; the inspector reads `_version`. */
export const PROTOCOL_VERSION = '0.7.2';

export interface InspectActorMessage {
  type: '@xstate.actor';
  name: string;
  sessionId: string;
  rootId: string;
  parentId: undefined;
  /** The machine config as a JSON string; functions become `{ type: name }`. */
  definition: string;
  snapshot: unknown;
  createdAt: string;
  id: null;
  _version: string;
}

export interface InspectEventMessage {
  type: '@xstate.event';
  event: unknown;
  sourceId: undefined;
  sessionId: string;
  rootId: string;
  createdAt: string;
  id: null;
  _version: string;
}

export interface InspectSnapshotMessage {
  type: '@xstate.snapshot';
  event: unknown;
  snapshot: unknown;
  sessionId: string;
  rootId: string;
  createdAt: string;
  id: null;
  _version: string;
}

export type InspectMessage = InspectActorMessage | InspectEventMessage | InspectSnapshotMessage;

export interface InspectStepInput {
  chatId: string;
  machineId: string;
  machine: AnyStateMachine;
  /** The persisted snapshot before the step; null when this step started the dialogue. */
  before: unknown;
  /** The event as the runtime saw it, such as `{ type: 'text', text: '2330', … }`. */
  event: { type: string };
  /** The snapshot after the step; a finished dialogue has `status: 'done'`. */
  after: unknown;
  now?: number;
}

/** Builds the actor id of one chat's dialogue from the masked chat id. */
export function sessionIdOf(chatId: string, machineId: string): string {
  return `${maskLineIds(chatId)}/${machineId}`;
}

export function inspectStep(input: InspectStepInput): InspectMessage[] {
  const sessionId = sessionIdOf(input.chatId, input.machineId);
  const createdAt = String(input.now ?? Date.now());
  const event = maskDeep(input.event);
  const snapshot = maskDeep(input.after);
  const common = { sessionId, rootId: sessionId, createdAt, id: null, _version: PROTOCOL_VERSION };
  const messages: InspectMessage[] = [];

  if (input.before === null) {
    messages.push({ type: '@xstate.actor', name: input.machineId, parentId: undefined, definition: definitionOf(input.machine), snapshot, ...common });
  }

  messages.push({ type: '@xstate.event', event, sourceId: undefined, ...common });
  messages.push({ type: '@xstate.snapshot', event, snapshot, ...common });
  return messages;
}

/** Serialises the machine config for the inspector, turning context factories and inline guards into `{ type: name }`. */
function definitionOf(machine: AnyStateMachine): string {
  return JSON.stringify(machine.config, (_key, value: unknown) => (typeof value === 'function' ? { type: value.name } : value));
}
