/** Splits a YYYY-MM month into its year and two-digit month, or throws RangeError. */
export function requireMonth(month: string): [string, string] {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (match === null) {
    throw new RangeError(`invalid month ${JSON.stringify(month)}, expected YYYY-MM`);
  }

  return [match[1]!, match[2]!];
}

/** Lists the YYYY-MM months from the month of `from` to the month of `to` (YYYY-MM-DD), inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);

  for (let current = from.slice(0, 7); current <= last; ) {
    months.push(current);
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }

    current = `${year}-${String(month).padStart(2, '0')}`;
  }

  return months;
}
