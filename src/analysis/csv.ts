/**
 * Bars as a CSV file that Excel opens correctly: UTF-8 with a byte-order
 * mark (without it Excel reads the Chinese header as Big5 or CP1252) and
 * CRLF line ends.
 */
import type { Bar } from '../market/types.ts';

const BOM = '\uFEFF';
const HEADER = ['日期', '開盤', '最高', '最低', '收盤', '成交量（股）'];

export function barsToCsv(bars: readonly Bar[]): Buffer {
  const lines = [HEADER.join(',')];
  for (const bar of bars) {
    lines.push([bar.date, price(bar.open), price(bar.high), price(bar.low), price(bar.close), String(Math.round(bar.volume))].join(','));
  }
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

/** Yahoo's adjusted prices carry float noise (90.800003); four places keep every exchange tick. */
function price(value: number): string {
  return String(Number(value.toFixed(4)));
}
