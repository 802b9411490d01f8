/**
 * The dialogue machines by id. `version` changes whenever a machine's
 * states or context change shape, so that a snapshot stored by an older
 * version is migrated or reset instead of being restored into states that
 * no longer exist.
 */
import type { AnyStateMachine } from 'xstate';
import { alertMachine } from './alert.ts';
import { feedbackMachine } from './feedback.ts';
import { forecastMachine } from './forecast.ts';
import { historyMachine } from './history.ts';
import { newsMachine } from './news.ts';
import { quoteMachine } from './quote.ts';
import { watchAddMachine } from './watchlist.ts';
import { technicalMachine } from './technical.ts';

export interface DialogueDefinition {
  machine: AnyStateMachine;
  version: number;
  /**
   * Turns a snapshot stored by an older version into one of this version,
   * or returns null when it cannot.
   */
  migrate?: (fromVersion: number, persisted: unknown) => unknown | null;
}

export const dialogues: Record<string, DialogueDefinition> = {
  quote: { machine: quoteMachine, version: 1 },
  technical: { machine: technicalMachine, version: 1 },
  history: { machine: historyMachine, version: 1 },
  feedback: { machine: feedbackMachine, version: 1 },
  news: { machine: newsMachine, version: 1 },
  forecast: { machine: forecastMachine, version: 1 },
  alert: { machine: alertMachine, version: 1 },
  watchAdd: { machine: watchAddMachine, version: 1 },
};

export type DialogueId = keyof typeof dialogues;
