/** Plain-text rendering of a rich menu sync report, for the release log. */
import type { SyncReport, SyncStep } from './sync.ts';

const NEW_MENU = '(new menu)';

export function formatSyncReport(report: SyncReport): string {
  const heading = `rich menu ${report.name}${report.dryRun ? ' (dry run: nothing changed on LINE)' : ''}`;
  const lines = [heading];

  if (report.validated) {
    lines.push('  validated by LINE before creating');
  }
  if (report.steps.length === 0) {
    lines.push(`  unchanged: ${report.richMenuId ?? NEW_MENU} is already the default`);
  }
  for (const step of report.steps) {
    lines.push(`  ${report.dryRun ? 'would ' : ''}${describeStep(step)}`);
  }

  lines.push(`  previous default: ${report.previousDefaultId ?? 'none'}`);
  lines.push(`  menus with other names left untouched: ${report.foreignMenuIds.length}`);
  return lines.join('\n');
}

function describeStep(step: SyncStep): string {
  switch (step.action) {
    case 'create':
      return `create ${step.richMenuId ?? NEW_MENU} named ${step.name}`;
    case 'upload-image':
      return `upload image to ${step.richMenuId ?? NEW_MENU} (${step.contentType}, ${step.bytes} bytes)`;
    case 'set-default':
      return `set default to ${step.richMenuId ?? NEW_MENU}`;
    case 'delete':
      return `delete stale ${step.richMenuId} named ${step.name}`;
  }
}
