/**
 * Typed words that confirm a step, shared by every confirmation (機器學習預測,
 * 到價提醒, 意見回饋) so that 確定, 好 or OK works the same everywhere. Each
 * step also accepts the label of its own button, such as 開始預測 or 送出.
 */
const CONFIRM_WORDS = new Set(['確定', '確認', '好', '好的', '是', '是的', '對', 'ok', 'okay', 'yes']);

/** Returns whether typed text is a confirmation, ignoring full-width forms, letter case and trailing 。 or ！. */
export function isConfirmWord(text: string): boolean {
  const normalized = text.normalize('NFKC').trim().toLowerCase().replace(/[。.!~]+$/u, '');
  return CONFIRM_WORDS.has(normalized);
}
