/** 技術分析: stock → period → interval → indicator → chart job. */
import { createChartDialogue } from './chart-dialogue.ts';

export const technicalMachine = createChartDialogue('technical');
