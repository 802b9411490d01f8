/**
 * Argument checks shared by the indicators. The ranges are TA-Lib's own: every
 * period is an integer up to 100000, with a minimum that depends on the
 * function. So a call that TA-Lib rejects with TA_BAD_PARAM throws here.
 */

const MAX_PERIOD = 100_000;

/** Throws a RangeError unless `period` is an integer in [minimum, 100000]. */
export function assertPeriod(name: string, period: number, minimum: number): void {
  if (!Number.isInteger(period) || period < minimum || period > MAX_PERIOD) {
    throw new RangeError(`${name} must be an integer from ${minimum} to ${MAX_PERIOD}, got ${period}`);
  }
}

/** Throws a RangeError unless every series has the length of the first. */
export function assertSameLength(series: Record<string, readonly number[]>): void {
  const entries = Object.entries(series);
  const [firstName, first] = entries[0] ?? ['', []];
  for (const [name, values] of entries) {
    if (values.length !== first.length) {
      throw new RangeError(`${name} has ${values.length} values but ${firstName} has ${first.length}; pass series of equal length`);
    }
  }
}

/** Returns an array of `length` NaN values, the lookback filler. */
export function nanArray(length: number): number[] {
  return new Array<number>(length).fill(Number.NaN);
}
