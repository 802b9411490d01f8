/**
 * The runtime's side of inspection: after each applied step the runtime
 * calls `onStep`, which turns the change of the chat's dialogue into
 * inspector messages and hands them to the relay. Started only when
 * XSTATE_INSPECT=1, so production pays nothing.
 */
import { transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { DialogueEvent } from '../../machines/events.ts';
import { dialogues } from '../../machines/registry.ts';
import { BACK_WORDS, CANCEL_WORDS, isHelpText } from '../../machines/router.ts';
import type { ChatState, ConversationEvent } from '../conversation/step.ts';
import type { Logger } from '../logger.ts';
import { inspectStep, type InspectMessage } from './messages.ts';

/** Port of the relay when XSTATE_INSPECT_PORT is unset; the default of @statelyai/inspect's own server. */
export const DEFAULT_INSPECT_PORT = 8080;

export interface StepRecord {
  chatId: string;
  before: ChatState;
  event: ConversationEvent;
  after: ChatState;
}

export interface StepInspector {
  /** Reports one applied step; never throws, so inspection cannot break a webhook. */
  onStep(record: StepRecord): void;
  close(): Promise<void>;
}

/**
 * Starts the relay when `env.XSTATE_INSPECT` is `1`; returns null otherwise.
 * XSTATE_INSPECT_PORT sets the port and XSTATE_INSPECT_URL the inspector UI
 * that the relay's page frames.
 */
export async function startInspectorFromEnv(env: NodeJS.ProcessEnv, logger: Logger): Promise<StepInspector | null> {
  if (env.XSTATE_INSPECT !== '1') return null;

  const port = env.XSTATE_INSPECT_PORT === undefined ? DEFAULT_INSPECT_PORT : Number(env.XSTATE_INSPECT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`XSTATE_INSPECT_PORT must be a port number from 0 to 65535, got ${env.XSTATE_INSPECT_PORT}`);
  }

  // The relay and its WebSocket server load only when inspection is switched on.
  const { createInspectRelay } = await import('./relay.ts');
  const relay = await createInspectRelay({ port, logger, inspectorUrl: env.XSTATE_INSPECT_URL });
  logger.warn({ url: relay.url }, 'XSTATE_INSPECT=1: dialogue snapshots (LINE ids masked) are sent to inspector pages on this machine');
  return createStepInspector((messages) => relay.broadcast(messages), logger, () => relay.close());
}

export function createStepInspector(send: (messages: InspectMessage[]) => void, logger: Logger, close: () => Promise<void> = async () => undefined): StepInspector {
  return {
    onStep(record) {
      try {
        send(messagesOf(record));
      } catch (error) {
        logger.warn({ err: error, chatId: record.chatId }, 'inspector message could not be built');
      }
    },
    close,
  };
}

/** Messages for the dialogue that ran before the step (if any) and for the one that runs after it. */
export function messagesOf(record: StepRecord, now: number = Date.now()): InspectMessage[] {
  const { before, after, event, chatId } = record;
  const messages: InspectMessage[] = [];
  const previous = before.machineId === null ? undefined : dialogues[before.machineId];

  if (before.machineId !== null && previous && before.machineId !== after.machineId) {
    const ended = after.machineId === null ? finalSnapshot(previous.machine, before.snapshot, event) : null;
    // A dialogue replaced by another one (a menu tap mid-dialogue) is shown as stopped where it was.
    const snapshot = ended ?? { ...(before.snapshot as object), status: 'stopped' };
    messages.push(...inspectStep({ chatId, machineId: before.machineId, machine: previous.machine, before: before.snapshot, event, after: snapshot, now }));
  }

  const current = after.machineId === null ? undefined : dialogues[after.machineId];
  if (after.machineId !== null && current) {
    const started = before.machineId !== after.machineId;
    messages.push(...inspectStep({ chatId, machineId: after.machineId, machine: current.machine, before: started ? null : before.snapshot, event, after: after.snapshot, now }));
  }
  return messages;
}

/**
 * Replays the step to find the final state a dialogue ended in, because the
 * runtime stores nothing for a finished dialogue. Returns null when the
 * replay does not end the dialogue.
 */
function finalSnapshot(machine: AnyStateMachine, persisted: unknown, event: ConversationEvent): unknown {
  const dialogueEvent = toDialogueEvent(event);
  if (dialogueEvent === null) return null;

  try {
    const { value, context } = persisted as { value: unknown; context: unknown };
    const restored = machine.resolveState({ value: value as never, context: context as never });
    const [next] = transition(machine, restored, dialogueEvent) as [AnyMachineSnapshot, unknown];
    return next.status === 'done' ? machine.getPersistedSnapshot(next) : null;
  } catch {
    return null;
  }
}

// NOTE: mirrors the word matching of src/conversation/step.ts; a step ended by the 10-minute expiry is replayed as the user's event instead.
function toDialogueEvent(event: ConversationEvent): DialogueEvent | null {
  if (event.type === 'choice') {
    return { type: 'CHOOSE', step: event.step, value: event.value, stock: event.stock };
  }
  if (event.type !== 'text') return null;

  const word = event.text.trim().toLowerCase();
  if (CANCEL_WORDS.has(word)) return { type: 'CANCEL' };
  if (BACK_WORDS.has(word)) return { type: 'BACK' };
  if (isHelpText(word)) return { type: 'HELP' };
  return { type: 'TEXT', text: event.text, stock: event.stock };
}
