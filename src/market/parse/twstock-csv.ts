import { MarketDataError, type Security } from '../types.ts';
import { marketOfLabel, securityTypeOfLabel } from './isin-labels.ts';

const FORMAT = 'twstock equities CSV';

const REQUIRED_COLUMNS = ['type', 'code', 'name', 'market', 'group'] as const;

/**
 * Parses a twstock `*_equities.csv` (`type,code,name,ISIN,start,market,group,CFI`)
 * into securities. The `market` column reads 上市 or 上市臺灣創新板 for TWSE
 * and 上櫃 for TPEx. The `type` column contains the ISIN pages' section
 * headings, mapped as isin-labels.ts describes.
 */
export function parseTwstockCsv(text: string): Security[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const [headerLine, ...dataLines] = lines;
  if (headerLine === undefined) {
    throw new MarketDataError('malformed', `${FORMAT}: empty file`);
  }

  const header = splitCsvLine(headerLine).map((name) => name.trim());
  const [typeIndex, codeIndex, nameIndex, marketIndex, groupIndex] = REQUIRED_COLUMNS.map((name) => {
    const index = header.indexOf(name);
    if (index === -1) {
      throw new MarketDataError('malformed', `${FORMAT}: missing column ${name}`);
    }

    return index;
  }) as [number, number, number, number, number];

  return dataLines.map((line) => {
    const cells = splitCsvLine(line).map((cell) => cell.trim());
    const code = cells[codeIndex] ?? '';
    const name = cells[nameIndex] ?? '';
    if (code === '' || name === '') {
      throw new MarketDataError('malformed', `${FORMAT}: row without code or name: ${JSON.stringify(line.slice(0, 80))}`);
    }

    return {
      code,
      name,
      market: marketOfLabel(cells[marketIndex] ?? '', FORMAT, code),
      type: securityTypeOfLabel(cells[typeIndex] ?? ''),
      industry: cells[groupIndex] ?? '',
    };
  });
}

/** Splits one CSV line, honouring double-quoted cells with `""` escapes. */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  let quoted = false;

  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted && char === '"' && line[index + 1] === '"') {
      current += '"';
      index += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (char === ',' && !quoted) {
      cells.push(current);
      current = '';
    } else {
      current += char;
    }
  }

  cells.push(current);
  return cells;
}
