import { MarketDataError } from '../types.ts';
import { requireStringRow } from './json-body.ts';

/**
 * Column positions of a TWSE or TPEx table, looked up by field name so a
 * reordered or extended response still parses. Names are compared without
 * whitespace because TPEx writes some as `日 期`.
 */
export class TableColumns {
  readonly #indexes = new Map<string, number>();
  readonly #context: string;

  constructor(fields: unknown, context: string) {
    this.#context = context;
    requireStringRow(fields, `${context} fields`).forEach((field, index) => {
      this.#indexes.set(compactFieldName(field), index);
    });
  }

  /** Returns the column index of `field`; throws when the table lacks it. */
  index(field: string): number {
    const index = this.#indexes.get(compactFieldName(field));
    if (index === undefined) {
      throw new MarketDataError('malformed', `${this.#context}: missing field ${field}`);
    }

    return index;
  }

  has(field: string): boolean {
    return this.#indexes.has(compactFieldName(field));
  }

  /** Returns the cell of `field` in `row`; throws when the row is too short. */
  cell(row: readonly string[], field: string): string {
    const value = row[this.index(field)];
    if (value === undefined) {
      throw new MarketDataError('malformed', `${this.#context}: row ${JSON.stringify(row[0])} has no ${field} cell`);
    }

    return value;
  }
}

function compactFieldName(field: string): string {
  return field.replace(/\s+/g, '');
}
