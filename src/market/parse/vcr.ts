import { parse as parseYaml } from 'yaml';
import { MarketDataError } from '../types.ts';

/**
 * Returns the response body of the last successful (status 200) interaction
 * in a vcrpy cassette. Recordings usually start with a 301 redirect from
 * http to https, which is skipped.
 */
export function readVcrResponseBody(yamlText: string): string {
  let document: unknown;
  try {
    document = parseYaml(yamlText);
  } catch (error) {
    throw new MarketDataError('malformed', 'vcr cassette: invalid YAML', { cause: error });
  }

  const interactions = (document as { interactions?: unknown } | null)?.interactions;
  if (!Array.isArray(interactions)) {
    throw new MarketDataError('malformed', 'vcr cassette: missing interactions');
  }

  for (const interaction of [...interactions].reverse()) {
    const response = (interaction as { response?: { status?: { code?: unknown }; body?: { string?: unknown } } })
      ?.response;
    if (response?.status?.code === 200 && typeof response.body?.string === 'string') {
      return response.body.string;
    }
  }

  throw new MarketDataError('malformed', 'vcr cassette: no interaction with status 200 and a text body');
}
