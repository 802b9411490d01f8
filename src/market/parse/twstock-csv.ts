import { MarketDataError, type Market, type Security, type SecurityType } from '../types.ts';

const FORMAT = 'twstock equities CSV';

const REQUIRED_COLUMNS = ['type', 'code', 'name', 'market', 'group'] as const;

/** Values of the `type` column (from the TWSE and TPEx ISIN pages) and their SecurityType. */
const TYPES: Record<string, SecurityType> = {
  股票: 'stock',
  ETF: 'etf',
  ETN: 'etn',
  特別股: 'preferred',
  '臺灣存託憑證(TDR)': 'tdr',
  '受益證券-不動產投資信託': 'reit',
  創新板: 'innovation',
  '上市認購(售)權證': 'warrant',
  '上櫃認購(售)權證': 'warrant',
};

/**
 * Parses a twstock `*_equities.csv` (`type,code,name,ISIN,start,market,group,CFI`)
 * into securities. The `market` column reads 上市 or 上市臺灣創新板 for TWSE
 * and 上櫃 for TPEx. Types not in the table above, such as 受益證券-資產基礎證券,
 * become 'other'; any type naming 權證 is a warrant.
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
      market: toMarket(cells[marketIndex] ?? '', code),
      type: toSecurityType(cells[typeIndex] ?? ''),
      industry: cells[groupIndex] ?? '',
    };
  });
}

function toMarket(value: string, code: string): Market {
  if (value.startsWith('上市')) {
    return 'TWSE';
  }

  if (value.startsWith('上櫃')) {
    return 'TPEx';
  }

  throw new MarketDataError('malformed', `${FORMAT}: unknown market ${JSON.stringify(value)} for ${code}`);
}

function toSecurityType(value: string): SecurityType {
  return TYPES[value] ?? (value.includes('權證') ? 'warrant' : 'other');
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
