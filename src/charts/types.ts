/** Colour scheme of a rendered chart. */
export type ChartTheme = 'dark' | 'light';

/** One trading period of a price chart. `date` is shown on the x-axis as given. */
export interface ChartBar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Shares traded; the chart shows them in lots (張, 1 張 = 1,000 shares). */
  volume: number;
}

/** A simple moving average of closes over `period` bars, one value per bar. */
export interface MovingAverageSeries {
  period: number;
  values: number[];
}

/**
 * Indicator values aligned with the bars, `NaN` where a value is undefined
 * (the warm-up of a moving average, for example), drawn as a gap. MACD, KD and
 * RSI get their own panel below the volume; BBANDS is drawn over the prices.
 */
export type ChartIndicator =
  | { kind: 'MACD'; macd: number[]; signal: number[]; hist: number[] }
  | { kind: 'KD'; k: number[]; d: number[] }
  | { kind: 'RSI'; rsi: number[] }
  | { kind: 'BBANDS'; upper: number[]; middle: number[]; lower: number[] };

/** Everything a candlestick chart shows; every array is aligned with `bars`. */
export interface ChartInput {
  /** Main heading, such as `台積電 2330 日線 1 年`. */
  title: string;
  /** Smaller line under the title, such as the date range. */
  subtitle?: string;
  bars: ChartBar[];
  movingAverages?: MovingAverageSeries[];
  indicator?: ChartIndicator;
  theme: ChartTheme;
}

/** Drawing style of one line-chart series: solid line, dashed line or points. */
export type LineSeriesKind = 'line' | 'scatter' | 'dashed';

/** One named series of a line chart, `null` where it has no value. */
export interface LineSeries {
  name: string;
  values: (number | null)[];
  kind?: LineSeriesKind;
}

/** A plain line chart over dates, used for forecasts against actual closes. */
export interface LineChartInput {
  title: string;
  subtitle?: string;
  /** The x-axis categories; every series has one value per date. */
  dates: string[];
  series: LineSeries[];
  theme: ChartTheme;
}

/** The PNG images of one chart, for LINE's original and preview image URLs. */
export interface RenderedChart {
  /** Full-size PNG. */
  png: Buffer;
  /** Smaller PNG of the same chart, for LINE's `previewImageUrl`. */
  preview: Buffer;
  /** Size of `png` in pixels. */
  width: number;
  height: number;
  /** Size of the intermediate SVG in bytes, for monitoring. */
  svgBytes: number;
}
