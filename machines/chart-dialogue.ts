/**
 * 技術分析 (stock → period → interval → indicator) and 歷史資料 (stock →
 * period → interval) share one shape; `kind` decides whether the indicator
 * step exists. The dialogue ends by emitting `renderChart`, which the
 * runtime turns into a chart job.
 */
import { assign, emit, setup } from 'xstate';
import { chartCopy, copy } from './copy.ts';
import { estimatedBars, indicatorOf, INDICATORS, intervalOf, INTERVALS, matchOption, MIN_CHART_BARS, periodOf, PERIODS, type IntervalValue, type PeriodValue } from './chart-options.ts';
import type { DialogueEvent, DialogueInput } from './events.ts';
import type { ChartRequest, Choice, Intent } from './intents.ts';
import { askStockIntent, inputOf, candidatesOf, chooseStockIntent, foundStock, isCandidate, lookupOf, shortQuery, stockNotFoundIntent, type StockStepContext } from './stock-step.ts';

export interface ChartContext extends StockStepContext {
  period: PeriodValue | null;
  interval: IntervalValue | null;
  indicator: string | null;
  last: ChartRequest | null;
}

/** The quick-reply value of 用上次的設定. */
const LAST = 'last';

/** LINE's limit on a quick-reply label; the renderer cuts longer labels. */
const MAX_LABEL_CHARS = 20;

function choices(options: readonly { value: string; label: string }[]): Choice[] {
  return options.map((option) => ({ label: option.label, value: option.value }));
}

/** Builds the 上次：… summary. With `compact`, option labels lose their spaces (6 個月 becomes 6個月). */
function lastLabel(last: ChartRequest, compact: boolean): string {
  const option = (label: string | undefined) => (compact ? (label ?? '').replace(/\s+/g, '') : (label ?? ''));
  const indicator = last.indicator ? option(indicatorOf(last.indicator)?.label) : undefined;
  return `上次：${chartCopy.lastLabel(last.stock.name, option(periodOf(last.period)?.label), option(intervalOf(last.interval)?.label), indicator)}`;
}

function lastChoice(context: ChartContext): Choice[] {
  const last = context.last;
  if (!last) return [];
  // Spaced like the period buttons (6 個月) where the label fits; past the limit those spaces go first.
  const spaced = lastLabel(last, false);
  const label = [...spaced].length <= MAX_LABEL_CHARS ? spaced : lastLabel(last, true);
  return [{ label, value: LAST }];
}

function barsOf(context: ChartContext, interval: IntervalValue): number {
  return estimatedBars(context.period!, interval);
}

export function createChartDialogue(kind: ChartRequest['kind']) {
  const dialogue = kind;

  const ask = (step: string, text: string, options: Choice[]): Intent => ({ type: 'ask', dialogue, step, text, choices: options });
  const askPeriod = (context: ChartContext) => ask('askPeriod', chartCopy.askPeriod(context.stock!), choices(PERIODS));
  const askInterval = (text: string = chartCopy.askInterval) => ask('askInterval', text, choices(INTERVALS));
  const askIndicator = (text: string = chartCopy.askIndicator) => ask('askIndicator', text, choices(INDICATORS));
  const afterInterval = kind === 'technical' ? 'askIndicator' : 'done';

  return setup({
    types: {
      context: {} as ChartContext,
      events: {} as DialogueEvent,
      input: {} as DialogueInput,
      emitted: {} as Intent,
    },
    guards: {
      hasStock: ({ context }) => context.stock !== null,
      wantsLast: ({ context, event }) => context.last !== null && (inputOf(event) === LAST || inputOf(event).trim() === chartCopy.useLast),
      found: ({ event }) => lookupOf(event).kind === 'found',
      ambiguous: ({ event }) => lookupOf(event).kind === 'ambiguous',
      isCandidate: ({ context, event }) => isCandidate(context, event),
      quiet: ({ context }) => context.quiet,
      validPeriod: ({ event }) => matchOption(PERIODS, inputOf(event)) !== undefined,
      validInterval: ({ event }) => matchOption(INTERVALS, inputOf(event)) !== undefined,
      intervalFits: ({ context, event }) => {
        const interval = matchOption(INTERVALS, inputOf(event));
        return interval !== undefined && barsOf(context, interval.value) >= MIN_CHART_BARS;
      },
      validIndicator: ({ event }) => matchOption(INDICATORS, inputOf(event)) !== undefined,
      indicatorFits: ({ context, event }) => {
        const indicator = matchOption(INDICATORS, inputOf(event));
        return indicator !== undefined && barsOf(context, context.interval!) >= indicator.minBars;
      },
    },
    actions: {
      rememberStock: assign({ stock: ({ event }) => foundStock(event) }),
      rememberCandidates: assign({ candidates: ({ event }) => candidatesOf(event), query: ({ event }) => shortQuery(event) }),
      rememberPeriod: assign({ period: ({ event }) => matchOption(PERIODS, inputOf(event))!.value }),
      rememberInterval: assign({ interval: ({ event }) => matchOption(INTERVALS, inputOf(event))!.value }),
      rememberIndicator: assign({ indicator: ({ event }) => matchOption(INDICATORS, inputOf(event))!.value }),
      useLast: assign(({ context }) => {
        const last = context.last!;
        return { stock: last.stock, period: last.period as PeriodValue, interval: last.interval as IntervalValue, indicator: last.indicator ?? null };
      }),
      askStock: emit(({ context }) => askStockIntent(dialogue, copy.askStock, lastChoice(context))),
      askStockAgain: emit(({ context, event }) => stockNotFoundIntent(dialogue, event, lastChoice(context))),
      askChoice: emit(({ context }) => chooseStockIntent(dialogue, context)),
      askPeriod: emit(({ context }) => askPeriod(context)),
      askInterval: emit(() => askInterval()),
      askIndicator: emit(() => askIndicator()),
      sayInvalidPeriod: emit({ type: 'say' as const, text: chartCopy.invalidPeriod }),
      sayInvalidInterval: emit({ type: 'say' as const, text: chartCopy.invalidInterval }),
      sayInvalidIndicator: emit({ type: 'say' as const, text: chartCopy.invalidIndicator }),
      sayTooFewBars: emit(({ context, event }) => {
        const interval = matchOption(INTERVALS, inputOf(event))!;
        return { type: 'say' as const, text: chartCopy.tooFewBars(periodOf(context.period!)!.label, interval.label, barsOf(context, interval.value)) };
      }),
      sayIndicatorNeedsMore: emit(({ context, event }) => {
        const indicator = matchOption(INDICATORS, inputOf(event))!;
        const bars = barsOf(context, context.interval!);
        return { type: 'say' as const, text: chartCopy.indicatorNeedsMore(indicator.label, indicator.minBars, periodOf(context.period!)!.label, intervalOf(context.interval!)!.label, bars) };
      }),
      sayFirstStep: emit({ type: 'say' as const, text: copy.firstStep }),
      sayStockHelp: emit({ type: 'say' as const, text: copy.askStockHelp }),
      sayChoiceHelp: emit({ type: 'say' as const, text: copy.chooseStockHelp }),
      sayPeriodHelp: emit({ type: 'say' as const, text: chartCopy.periodHelp }),
      sayIntervalHelp: emit({ type: 'say' as const, text: chartCopy.intervalHelp }),
      sayIndicatorHelp: emit({ type: 'say' as const, text: chartCopy.indicatorHelp }),
      sayCancelled: emit({ type: 'say' as const, text: copy.cancelled }),
      sayExpired: emit({ type: 'say' as const, text: copy.expired }),
      requestChart: emit(({ context }) => ({
        type: 'renderChart' as const,
        request: {
          kind,
          stock: context.stock!,
          period: context.period!,
          interval: context.interval!,
          ...(kind === 'technical' ? { indicator: context.indicator! } : {}),
        },
      })),
    },
  }).createMachine({
    id: kind,
    context: ({ input }) => ({
      quiet: input.quiet ?? false,
      stock: input.stock ?? null,
      candidates: [],
      query: '',
      period: null,
      interval: null,
      indicator: null,
      last: input.last?.kind === kind ? input.last : null,
    }),
    initial: 'start',
    on: {
      CANCEL: { target: '.cancelled' },
      EXPIRE: { target: '.expired' },
    },
    states: {
      start: {
        always: [{ guard: 'hasStock', target: 'askPeriod' }, { target: 'askStock' }],
      },
      askStock: {
        entry: 'askStock',
        on: {
          TEXT: [
            { guard: 'wantsLast', target: 'done', actions: 'useLast' },
            { guard: 'found', target: 'askPeriod', actions: 'rememberStock' },
            { guard: 'ambiguous', target: 'chooseStock', actions: 'rememberCandidates' },
            { guard: 'quiet' },
            { actions: 'askStockAgain' },
          ],
          CHOOSE: [
            { guard: 'wantsLast', target: 'done', actions: 'useLast' },
            { guard: 'found', target: 'askPeriod', actions: 'rememberStock' },
            { actions: 'askStockAgain' },
          ],
          BACK: { target: 'askStock', reenter: true, actions: 'sayFirstStep' },
          HELP: { target: 'askStock', reenter: true, actions: 'sayStockHelp' },
        },
      },
      chooseStock: {
        entry: 'askChoice',
        on: {
          CHOOSE: [{ guard: 'isCandidate', target: 'askPeriod', actions: 'rememberStock' }, { target: 'chooseStock', reenter: true }],
          TEXT: [
            { guard: 'found', target: 'askPeriod', actions: 'rememberStock' },
            { guard: 'ambiguous', target: 'chooseStock', reenter: true, actions: 'rememberCandidates' },
            { guard: 'quiet' },
            { target: 'askStock', actions: 'askStockAgain' },
          ],
          BACK: { target: 'askStock' },
          HELP: { target: 'chooseStock', reenter: true, actions: 'sayChoiceHelp' },
        },
      },
      askPeriod: {
        entry: 'askPeriod',
        on: {
          TEXT: [{ guard: 'validPeriod', target: 'askInterval', actions: 'rememberPeriod' }, { guard: 'quiet' }, { target: 'askPeriod', reenter: true, actions: 'sayInvalidPeriod' }],
          CHOOSE: [{ guard: 'validPeriod', target: 'askInterval', actions: 'rememberPeriod' }, { target: 'askPeriod', reenter: true, actions: 'sayInvalidPeriod' }],
          BACK: { target: 'askStock' },
          HELP: { target: 'askPeriod', reenter: true, actions: 'sayPeriodHelp' },
        },
      },
      askInterval: {
        entry: 'askInterval',
        on: {
          TEXT: [
            { guard: 'intervalFits', target: afterInterval, actions: 'rememberInterval' },
            { guard: 'validInterval', target: 'askInterval', reenter: true, actions: 'sayTooFewBars' },
            { guard: 'quiet' },
            { target: 'askInterval', reenter: true, actions: 'sayInvalidInterval' },
          ],
          CHOOSE: [
            { guard: 'intervalFits', target: afterInterval, actions: 'rememberInterval' },
            { guard: 'validInterval', target: 'askInterval', reenter: true, actions: 'sayTooFewBars' },
            { target: 'askInterval', reenter: true, actions: 'sayInvalidInterval' },
          ],
          BACK: { target: 'askPeriod' },
          HELP: { target: 'askInterval', reenter: true, actions: 'sayIntervalHelp' },
        },
      },
      ...(kind === 'technical'
        ? {
            askIndicator: {
              entry: 'askIndicator',
              on: {
                TEXT: [
                  { guard: 'indicatorFits', target: 'done', actions: 'rememberIndicator' },
                  { guard: 'validIndicator', target: 'askIndicator', reenter: true, actions: 'sayIndicatorNeedsMore' },
                  { guard: 'quiet' },
                  { target: 'askIndicator', reenter: true, actions: 'sayInvalidIndicator' },
                ],
                CHOOSE: [
                  { guard: 'indicatorFits', target: 'done', actions: 'rememberIndicator' },
                  { guard: 'validIndicator', target: 'askIndicator', reenter: true, actions: 'sayIndicatorNeedsMore' },
                  { target: 'askIndicator', reenter: true, actions: 'sayInvalidIndicator' },
                ],
                BACK: { target: 'askInterval' },
                HELP: { target: 'askIndicator', reenter: true, actions: 'sayIndicatorHelp' },
              },
            },
          }
        : {}),
      done: { type: 'final', entry: 'requestChart' },
      cancelled: { type: 'final', entry: 'sayCancelled' },
      expired: { type: 'final', entry: 'sayExpired' },
    },
  });
}
