import type { ChartTheme } from './types.ts';

/** Colours of one chart theme, as CSS hex strings. */
export interface ChartPalette {
  background: string;
  text: string;
  mutedText: string;
  axisLine: string;
  splitLine: string;
  /** Rising candles and volume: red, as Taiwanese quotes show a gain. */
  up: string;
  /** Falling candles and volume: green, as Taiwanese quotes show a loss. */
  down: string;
  /** Guide lines such as RSI 70/30 and KD 80/20. */
  guide: string;
  /** Colours for moving averages, indicator lines and line-chart series, in order. */
  series: string[];
}

const UP_RED = '#E0313A';
const DOWN_GREEN = '#1B9E4B';

const DARK: ChartPalette = {
  background: '#131722',
  text: '#E6E8EE',
  mutedText: '#9AA1B1',
  axisLine: '#4A5060',
  splitLine: '#262B38',
  up: UP_RED,
  down: DOWN_GREEN,
  guide: '#7D8597',
  series: ['#F2C14E', '#4FA8E8', '#C27BE0', '#E8E8E8', '#FF9F43', '#5ED6C9'],
};

const LIGHT: ChartPalette = {
  background: '#FFFFFF',
  text: '#1F2430',
  mutedText: '#5E6573',
  axisLine: '#9AA1B1',
  splitLine: '#E8EAEF',
  up: UP_RED,
  down: DOWN_GREEN,
  guide: '#8A919E',
  series: ['#D89B00', '#1F6FD1', '#9B3FC4', '#3A3F4A', '#E0700F', '#12948A'],
};

/** Returns the palette of `theme`. */
export function chartPalette(theme: ChartTheme): ChartPalette {
  return theme === 'dark' ? DARK : LIGHT;
}

/** Returns the series colour at `index`, cycling through the palette. */
export function seriesColour(palette: ChartPalette, index: number): string {
  return palette.series[index % palette.series.length] ?? palette.text;
}
