import type { Security, SecurityType, StockResolution } from './types.ts';

/** Longer queries are chat sentences, not stock names or codes. */
export const MAX_QUERY_LENGTH = 40;

/** At most this many candidates come back for an ambiguous query. */
export const MAX_CANDIDATES = 12;

/** A single character matches too many names to be a useful partial query. */
const MIN_PARTIAL_LENGTH = 2;

/** Ambiguous candidates list these types first, as most users look for them. */
const PREFERRED_TYPES: ReadonlySet<SecurityType> = new Set(['stock', 'etf']);

/** Lookup tables over the securities directory, built once and shared by every query. */
export interface SecurityIndex {
  /** Every security, warrants included, by upper-case code. */
  readonly byCode: ReadonlyMap<string, Security>;
  /** Non-warrant securities by normalized name. */
  readonly byName: ReadonlyMap<string, readonly Security[]>;
  /** Non-warrant securities with their normalized names, for partial matches. */
  readonly names: readonly { key: string; security: Security }[];
}

export function createSecurityIndex(securities: readonly Security[]): SecurityIndex {
  const byCode = new Map<string, Security>();
  const byName = new Map<string, Security[]>();
  const names: { key: string; security: Security }[] = [];

  for (const security of securities) {
    const code = normalizeText(security.code);
    if (!byCode.has(code)) {
      byCode.set(code, security);
    }

    if (security.type === 'warrant') {
      continue;
    }

    const key = normalizeName(security.name);
    const sameName = byName.get(key);
    if (sameName === undefined) {
      byName.set(key, [security]);
    } else {
      sameName.push(security);
    }

    names.push({ key, security });
  }

  return { byCode, byName, names };
}

/**
 * Resolves what a user typed to a security: an exact code (with an optional
 * `.TW` or `.TWO` suffix), then an exact name, then a part of a name.
 * Full-width characters and all whitespace are normalized away, and 臺 is
 * matched as 台. Warrants match only by their exact code. Empty, longer
 * than MAX_QUERY_LENGTH, or matching nothing gives notFound.
 */
export function resolveStock(query: string, index: SecurityIndex): StockResolution {
  const trimmed = query.trim();
  const notFound: StockResolution = { kind: 'notFound', query: trimmed };
  if (trimmed === '' || trimmed.length > MAX_QUERY_LENGTH) {
    return notFound;
  }

  const text = normalizeText(trimmed);
  const code = text.replace(/\.TWO?$/, '');
  const byCode = index.byCode.get(code);
  if (byCode !== undefined) {
    return { kind: 'found', security: byCode, match: 'code' };
  }

  const name = normalizeName(text);
  const byName = index.byName.get(name);
  if (byName !== undefined) {
    return resolveCandidates(byName, 'name', notFound);
  }

  if (name.length < MIN_PARTIAL_LENGTH) {
    return notFound;
  }

  const partial = index.names.filter((entry) => entry.key.includes(name)).map((entry) => entry.security);
  return resolveCandidates(partial, 'partial', notFound);
}

function resolveCandidates(
  matches: readonly Security[],
  match: 'name' | 'partial',
  notFound: StockResolution,
): StockResolution {
  const [only] = matches;
  if (only === undefined) {
    return notFound;
  }

  if (matches.length === 1) {
    return { kind: 'found', security: only, match };
  }

  return { kind: 'ambiguous', candidates: [...matches].sort(compareCandidates).slice(0, MAX_CANDIDATES) };
}

/** Orders stocks and ETFs first, then shorter names, then codes. */
function compareCandidates(a: Security, b: Security): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) {
    return rank;
  }

  const length = a.name.length - b.name.length;
  if (length !== 0) {
    return length;
  }

  return a.code.localeCompare(b.code);
}

function typeRank(security: Security): number {
  return PREFERRED_TYPES.has(security.type) ? 0 : 1;
}

/** Folds full-width forms (２３３０, ＴＷ, ideographic space) to ASCII, drops whitespace and upper-cases. */
function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

/** Names are written with both 台 and 臺 (台積電, 臺灣存託憑證), and users type either. */
function normalizeName(text: string): string {
  return normalizeText(text).replaceAll('臺', '台');
}
