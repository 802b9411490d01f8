import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MarketDataError } from './types.ts';

/**
 * File-name patterns of recorded responses. The `code` group is the
 * security code (or Yahoo symbol) and `date` orders recordings of the same
 * kind, so a new recording that follows a pattern needs no code change.
 */
export const RECORDING_PATTERNS = {
  // Index recordings carry an `index-` prefix, for example twse-mis-getStockInfo-index-t00-20231229.json.
  misStockInfo: /^twse-mis-getStockInfo-(?:index-)?(?<code>[0-9A-Za-z]+)-(?<date>\d{8})\.json$/,
  stockDayAll: /^twse-openapi-STOCK_DAY_ALL-(?<date>\d{8})\.json$/,
  miIndex: /^twse-MI_INDEX-[0-9A-Za-z]+-(?<date>\d{8})\.json$/,
  tpexDailyQuotes: /^tpex-daily-quotes-(?<date>\d{8})\.json$/,
  stockDay: /^twse-STOCK_DAY-(?<code>[0-9A-Za-z]+)-(?<date>\d{6})\.vcr\.yaml$/,
  tpexTradingStock: /^tpex-tradingStock-(?<code>[0-9A-Za-z]+)-(?<date>\d{6})\.vcr\.yaml$/,
  yahooCsv: /^yahoo-download-(?<code>[0-9A-Za-z]+)\.TWO?-1d-.+\.csv$/,
  yahooChart: /^yahoo-chart-(?:wrapped-)?(?<code>[0-9A-Za-z^=]+?)(?:\.TWO?)?-1d-.+\.json$/,
  equitiesCsv: /^twstock-.+_equities\.csv$/,
} as const;

export type RecordingKind = keyof typeof RECORDING_PATTERNS;

export interface RecordingFile {
  name: string;
  path: string;
  /** Upper-case security code from the name, or '' when the pattern has none. */
  code: string;
  /** Date or month from the name, or '' when the pattern has none. */
  date: string;
}

/** The recordings in one directory. The listing and each parsed file are cached for the object's lifetime. */
export class RecordingDirectory {
  readonly #dir: string;
  #names: Promise<string[]> | undefined;
  readonly #parsed = new Map<string, Promise<unknown>>();

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** Returns the files of one kind, newest date first. */
  async find(kind: RecordingKind, code?: string): Promise<RecordingFile[]> {
    const pattern = RECORDING_PATTERNS[kind];
    const files: RecordingFile[] = [];
    for (const name of await this.#listNames()) {
      const match = pattern.exec(name);
      if (match === null) {
        continue;
      }

      const groups = match.groups ?? {};
      const file = { name, path: join(this.#dir, name), code: (groups['code'] ?? '').toUpperCase(), date: groups['date'] ?? '' };
      if (code === undefined || file.code === code) {
        files.push(file);
      }
    }

    return files.sort((a, b) => b.date.localeCompare(a.date) || a.name.localeCompare(b.name));
  }

  /**
   * Reads and parses a file once; later calls share the first result,
   * including a failure. Each kind of file has one parser, so the cache is
   * keyed by path alone.
   */
  parse<T>(file: RecordingFile, parser: (text: string) => T): Promise<T> {
    let parsed = this.#parsed.get(file.path);
    if (parsed === undefined) {
      parsed = readFile(file.path, 'utf8').then(
        (text) => parser(text),
        (error: unknown) => {
          throw new MarketDataError('unavailable', `cannot read recording ${file.path}`, { cause: error });
        },
      );
      this.#parsed.set(file.path, parsed);
    }

    return parsed as Promise<T>;
  }

  #listNames(): Promise<string[]> {
    this.#names ??= readdir(this.#dir).catch((error: unknown) => {
      throw new MarketDataError('unavailable', `cannot list recordings in ${this.#dir}`, { cause: error });
    });

    return this.#names;
  }
}
