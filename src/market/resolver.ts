/**
 * Adapts the securities directory to the `StockLookup` that dialogue
 * machines read, so machines never see directory internals.
 */
import type { StockLookup } from '../../machines/events.ts';
import type { StockRef } from '../../machines/intents.ts';
import { createSecurityIndex, resolveStock } from './directory.ts';
import type { Security } from './types.ts';

export function createStockResolver(securities: readonly Security[]): (query: string) => StockLookup {
  const index = createSecurityIndex(securities);

  return (query) => {
    const resolution = resolveStock(query, index);
    switch (resolution.kind) {
      case 'found':
        return { kind: 'found', stock: toRef(resolution.security), exact: resolution.match !== 'partial' };
      case 'ambiguous':
        return { kind: 'ambiguous', candidates: resolution.candidates.map(toRef) };
      case 'notFound':
        return { kind: 'notFound' };
    }
  };
}

function toRef(security: Security): StockRef {
  return { code: security.code, name: security.name, market: security.market };
}
