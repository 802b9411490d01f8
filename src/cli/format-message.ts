/**
 * Renders LINE message objects as terminal text for the chat client.
 * Tappable buttons (flex buttons, template actions, quick replies) come out
 * as numbered choices such as `  1) 台積電 2330`, numbered across one batch.
 */
import type { messagingApi } from '@line/bot-sdk';

export type Choice = { number: number; label: string; action: messagingApi.Action };

export type RenderedBatch = { text: string; choices: Choice[] };

const SEPARATOR = '─'.repeat(24);

/**
 * Renders the messages of one reply or push. Only the last message's quick
 * reply is listed, because LINE shows only that one.
 */
export function formatMessages(messages: messagingApi.Message[]): RenderedBatch {
  const choices: Choice[] = [];
  const addChoice = (action: messagingApi.Action | undefined, fallbackLabel: string): string => {
    if (action === undefined) {
      return '';
    }
    const choice = { number: choices.length + 1, label: action.label ?? fallbackLabel, action };
    choices.push(choice);
    return formatChoice(choice);
  };

  const blocks = messages.map((message) => formatMessage(message, addChoice));

  const quickReplyItems = messages.at(-1)?.quickReply?.items ?? [];
  const quickReplyLines = quickReplyItems.map((item) => addChoice(item.action, '(無標籤)'));
  if (quickReplyLines.length > 0) {
    blocks.push(quickReplyLines.join('\n'));
  }

  return { text: blocks.filter((block) => block !== '').join('\n'), choices };
}

export function formatChoice(choice: Choice): string {
  return `  ${choice.number}) ${choice.label}`;
}

type AddChoice = (action: messagingApi.Action | undefined, fallbackLabel: string) => string;

function formatMessage(message: messagingApi.Message, addChoice: AddChoice): string {
  switch (message.type) {
    case 'text':
    case 'textV2':
      return message.text;
    case 'image':
      return `[圖片] ${message.originalContentUrl}`;
    case 'video':
      return `[影片] ${message.originalContentUrl}`;
    case 'audio':
      return `[語音] ${message.originalContentUrl}`;
    case 'sticker':
      return `[貼圖] ${message.packageId}/${message.stickerId}`;
    case 'location':
      return `[位置] ${message.title} ${message.address} (${message.latitude}, ${message.longitude})`;
    case 'imagemap':
      return `[圖片選單] ${message.altText}`;
    case 'template':
      return [`[卡片] ${message.altText}`, ...formatTemplate(message.template, addChoice)].join('\n');
    case 'flex':
      return [`[卡片] ${message.altText}`, ...formatFlexContainer(message.contents, addChoice)].join('\n');
    default:
      return `[${String((message as { type?: unknown }).type)}]`;
  }
}

function formatTemplate(template: messagingApi.Template, addChoice: AddChoice): string[] {
  switch (template.type) {
    case 'buttons':
      return compact([template.title, template.text, ...template.actions.map((action) => addChoice(action, '按鈕'))]);
    case 'confirm':
      return compact([template.text, ...template.actions.map((action) => addChoice(action, '按鈕'))]);
    case 'carousel':
      return template.columns.flatMap((column, index) => compact([
        index > 0 ? SEPARATOR : undefined,
        column.title,
        column.text,
        ...column.actions.map((action) => addChoice(action, '按鈕')),
      ]));
    case 'image_carousel':
      return template.columns.map((column) => addChoice(column.action, '圖片'));
    default:
      return [];
  }
}

function formatFlexContainer(container: messagingApi.FlexContainer, addChoice: AddChoice): string[] {
  if (container.type === 'carousel') {
    return container.contents.flatMap((bubble, index) => [
      ...(index > 0 ? [SEPARATOR] : []),
      ...formatBubble(bubble, addChoice),
    ]);
  }

  return container.type === 'bubble' ? formatBubble(container, addChoice) : [];
}

function formatBubble(bubble: messagingApi.FlexBubble, addChoice: AddChoice): string[] {
  const sections = [bubble.header, bubble.hero, bubble.body, bubble.footer];
  return sections.flatMap((section) => (section === undefined ? [] : formatComponent(section, addChoice)));
}

function formatComponent(component: messagingApi.FlexComponent, addChoice: AddChoice): string[] {
  switch (component.type) {
    case 'box':
      return formatBox(component, addChoice);
    case 'text':
      return compact([component.text ?? component.contents?.map((span) => span.text ?? '').join('')]);
    case 'span':
      return compact([component.text]);
    case 'button':
      return [addChoice(component.action, '按鈕')];
    case 'image':
      return [`[圖片] ${component.url}`];
    case 'video':
      return [`[影片] ${component.url}`];
    case 'separator':
      return [SEPARATOR];
    default:
      return [];
  }
}

/** Puts the texts of a horizontal or baseline box on one line, as LINE lays them out side by side. */
function formatBox(box: messagingApi.FlexBox, addChoice: AddChoice): string[] {
  const children = box.contents.map((child) => formatComponent(child, addChoice));

  const sideBySide = box.layout !== 'vertical' && children.every((lines) => lines.length <= 1);
  if (sideBySide) {
    return compact([children.flat().join('  ')]);
  }
  return children.flat();
}

function compact(lines: Array<string | undefined>): string[] {
  return lines.filter((line): line is string => line !== undefined && line !== '');
}
