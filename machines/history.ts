/** 歷史資料: stock → period → interval → summary, chart and CSV job. */
import { createChartDialogue } from './chart-dialogue.ts';

export const historyMachine = createChartDialogue('history');
