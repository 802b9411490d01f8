/**
 * The runtime's side of 到價提醒: saving, listing and deleting alerts inside
 * the event's transaction, each turned into the reply the user sees.
 */
import type pg from 'pg';
import { deleteAlertLabel, describeAlert, type AlertCondition } from '../../machines/alert-rules.ts';
import { alertCopy, MAX_ACTIVE_ALERTS } from '../../machines/copy.ts';
import type { Intent, Shortcut } from '../../machines/intents.ts';

type AlertIntent = Extract<Intent, { type: 'saveAlert' | 'showAlerts' | 'deleteAlert' }>;

interface AlertRow {
  id: string;
  code: string;
  name: string;
  condition: AlertCondition;
  value: string;
}

/** Quick replies are capped at 13; one goes to 新增提醒. */
const LISTED_DELETE_BUTTONS = 12;

export async function applyAlertIntent(client: pg.PoolClient, chatId: string, intent: AlertIntent): Promise<Intent> {
  switch (intent.type) {
    case 'saveAlert': {
      const count = await client.query<{ count: string }>("SELECT count(*) FROM alerts WHERE chat_id = $1 AND status = 'active'", [chatId]);
      if (Number(count.rows[0]!.count) >= MAX_ACTIVE_ALERTS) {
        return { type: 'say', text: alertCopy.tooMany, shortcuts: [{ label: '我的提醒', command: 'alert:list' }] };
      }
      await client.query('INSERT INTO alerts (chat_id, code, name, market, condition, value) VALUES ($1, $2, $3, $4, $5, $6)', [
        chatId,
        intent.stock.code,
        intent.stock.name,
        intent.stock.market,
        intent.condition,
        intent.value,
      ]);
      return { type: 'say', text: alertCopy.saved(describeAlert(intent.stock.name, intent.stock.code, intent.condition, intent.value)), shortcuts: [{ label: '我的提醒', command: 'alert:list' }] };
    }

    case 'showAlerts': {
      const rows = await client.query<AlertRow>("SELECT id, code, name, condition, value FROM alerts WHERE chat_id = $1 AND status = 'active' ORDER BY id", [chatId]);
      if (rows.rows.length === 0) {
        return { type: 'say', text: alertCopy.noAlerts, shortcuts: [{ label: '新增提醒', command: 'menu:alert' }] };
      }
      const lines = rows.rows.map((row, index) => `${index + 1}. ${describeAlert(row.name, row.code, row.condition, Number(row.value))}`);
      const deletes: Shortcut[] = rows.rows.slice(0, LISTED_DELETE_BUTTONS).map((row, index) => ({ label: deleteAlertLabel(index + 1, row.name, row.condition, Number(row.value)), command: `alert:delete:${row.id}` }));
      return { type: 'say', text: alertCopy.list(lines), shortcuts: [{ label: '新增提醒', command: 'menu:alert' }, ...deletes] };
    }

    case 'deleteAlert': {
      if (!/^\d{1,18}$/.test(intent.id)) {
        return { type: 'say', text: alertCopy.noAlerts };
      }
      const deleted = await client.query<AlertRow>(
        "UPDATE alerts SET status = 'deleted' WHERE id = $1 AND chat_id = $2 AND status = 'active' RETURNING id, code, name, condition, value",
        [intent.id, chatId],
      );
      const row = deleted.rows[0];
      if (!row) {
        return { type: 'say', text: alertCopy.noAlerts, shortcuts: [{ label: '我的提醒', command: 'alert:list' }] };
      }
      return { type: 'say', text: alertCopy.deleted(describeAlert(row.name, row.code, row.condition, Number(row.value))), shortcuts: [{ label: '我的提醒', command: 'alert:list' }] };
    }
  }
}
