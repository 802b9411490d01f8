// Renders LINE Flex messages with DOM APIs. Bot content is untrusted, so
// strings go in through textContent and URLs are limited to http(s).
// NOTE: the size keywords are those of @line/bot-sdk 11.2.0's Flex types, but
// their pixel values are estimates matched by eye to LINE's apps, not
// published figures.

const SPACING = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
const TEXT_SIZE = { xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29, '3xl': 35, '4xl': 48, '5xl': 74 };
const IMAGE_SIZE = { xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160, '3xl': 180, '4xl': 200, '5xl': 240 };
const BORDER_WIDTH = { none: 0, light: 0.5, normal: 1, medium: 2, 'semi-bold': 3, bold: 4 };
const BUBBLE_WIDTH = { nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 300, giga: 500 };
const BLOCK_PADDING = { header: 20, hero: 0, body: 20, footer: 10 };
const JUSTIFY = { 'flex-start': 'flex-start', 'flex-end': 'flex-end', center: 'center', 'space-between': 'space-between', 'space-around': 'space-around', 'space-evenly': 'space-evenly' };
const ALIGN = { start: 'flex-start', end: 'flex-end', center: 'center' };

/** Returns a CSS length for a keyword of `scale`, a `Npx` or `N%` value, or null. */
function length(value, scale) {
  if (value === undefined || value === null) {
    return null;
  }
  if (scale && Object.hasOwn(scale, value)) {
    return `${scale[value]}px`;
  }
  return /^\d+(\.\d+)?(px|%)$/.test(String(value)) ? String(value) : null;
}

/** Returns the URL when it is http(s) or relative to this page, else null. */
export function safeUrl(value) {
  if (typeof value !== 'string' || value === '') {
    return null;
  }
  try {
    const url = new URL(value, document.baseURI);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function element(tag, className) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  return node;
}

function attachAction(node, action, onAction) {
  if (!action || typeof action !== 'object') {
    return;
  }
  node.classList.add('flex-tappable');
  node.addEventListener('click', (event) => {
    event.stopPropagation();
    onAction(action);
  });
}

/** Sets flex, margin (or the parent's spacing) and offsets that every component shares. */
function placeChild(node, component, parentLayout, index, parentSpacing) {
  const vertical = parentLayout === 'vertical';
  const grow = component.flex ?? (vertical ? 0 : 1);
  if (component.type !== 'filler' && component.type !== 'spacer') {
    if (grow === 0) {
      node.style.flex = '0 0 auto';
    } else if (vertical) {
      node.style.flex = `${grow} 0 auto`;
    } else {
      // In a horizontal box, flex values split the width in proportion, whatever the content.
      node.style.flex = `${grow} 0 0`;
    }
  }
  if (!vertical) {
    node.style.minWidth = '0';
  }

  const gap = length(component.margin, SPACING) ?? (index > 0 ? parentSpacing : null);
  if (gap && (index > 0 || component.margin !== undefined)) {
    node.style[vertical ? 'marginTop' : 'marginLeft'] = gap;
  }

  if (component.position === 'absolute') {
    node.style.position = 'absolute';
  }
  for (const [key, side] of [['offsetTop', 'top'], ['offsetBottom', 'bottom'], ['offsetStart', 'left'], ['offsetEnd', 'right']]) {
    const offset = length(component[key], SPACING);
    if (offset) {
      node.style[side] = offset;
      node.style.position ||= 'relative';
    }
  }
  if (component.alignSelf && ALIGN[component.alignSelf]) {
    node.style.alignSelf = ALIGN[component.alignSelf];
  }
}

function renderBox(box, onAction) {
  const node = element('div', `flex-box flex-${box.layout ?? 'vertical'}`);
  const style = node.style;

  style.backgroundColor = box.backgroundColor ?? '';
  style.borderColor = box.borderColor ?? '';
  const border = length(box.borderWidth, BORDER_WIDTH);
  if (border) {
    style.borderStyle = 'solid';
    style.borderWidth = border;
  }
  style.borderRadius = length(box.cornerRadius, SPACING) ?? '';
  for (const [key, prop] of [['width', 'width'], ['maxWidth', 'maxWidth'], ['height', 'height'], ['maxHeight', 'maxHeight']]) {
    style[prop] = length(box[key]) ?? '';
  }

  const all = length(box.paddingAll, SPACING);
  const padded = [box.paddingAll, box.paddingTop, box.paddingBottom, box.paddingStart, box.paddingEnd].some((value) => length(value, SPACING) !== null);
  node.dataset.padded = padded ? 'yes' : 'no';
  style.paddingTop = length(box.paddingTop, SPACING) ?? all ?? '';
  style.paddingBottom = length(box.paddingBottom, SPACING) ?? all ?? '';
  style.paddingLeft = length(box.paddingStart, SPACING) ?? all ?? '';
  style.paddingRight = length(box.paddingEnd, SPACING) ?? all ?? '';

  style.justifyContent = JUSTIFY[box.justifyContent] ?? '';
  if (box.alignItems && ALIGN[box.alignItems]) {
    style.alignItems = ALIGN[box.alignItems];
  }
  if (box.background?.type === 'linearGradient') {
    const stops = [box.background.startColor, box.background.centerColor, box.background.endColor].filter(Boolean);
    style.backgroundImage = `linear-gradient(${box.background.angle ?? '0deg'}, ${stops.join(', ')})`;
  }

  const layout = box.layout ?? 'vertical';
  const spacing = length(box.spacing, SPACING);
  (box.contents ?? []).forEach((child, index) => {
    const rendered = renderComponent(child, onAction, layout);
    if (rendered) {
      placeChild(rendered, child, layout, index, spacing);
      node.append(rendered);
    }
  });
  attachAction(node, box.action, onAction);
  return node;
}

function renderText(text, onAction) {
  const node = element('div', 'flex-text');
  const style = node.style;
  style.fontSize = length(text.size, TEXT_SIZE) ?? `${TEXT_SIZE.md}px`;
  style.fontWeight = text.weight === 'bold' ? '700' : '400';
  style.color = text.color ?? '';
  style.textAlign = { start: 'left', end: 'right', center: 'center' }[text.align] ?? '';
  style.alignSelf = { top: 'flex-start', bottom: 'flex-end', center: 'center' }[text.gravity] ?? '';
  style.fontStyle = text.style === 'italic' ? 'italic' : '';
  style.textDecoration = text.decoration && text.decoration !== 'none' ? text.decoration : '';
  style.lineHeight = length(text.lineSpacing) ? `calc(1.4em + ${length(text.lineSpacing)})` : '';

  if (text.wrap) {
    node.classList.add('flex-wrap');
    if (Number.isInteger(text.maxLines) && text.maxLines > 0) {
      node.classList.add('flex-clamp');
      style.webkitLineClamp = String(text.maxLines);
    }
  }

  if (Array.isArray(text.contents) && text.contents.length > 0) {
    for (const span of text.contents) {
      const piece = element('span');
      piece.textContent = span.text ?? '';
      piece.style.color = span.color ?? '';
      piece.style.fontWeight = span.weight === 'bold' ? '700' : '';
      piece.style.fontSize = length(span.size, TEXT_SIZE) ?? '';
      piece.style.textDecoration = span.decoration && span.decoration !== 'none' ? span.decoration : '';
      node.append(piece);
    }
  } else {
    node.textContent = text.text ?? '';
  }
  attachAction(node, text.action, onAction);
  return node;
}

function renderButton(button, onAction) {
  const style = button.style ?? 'link';
  const node = element('button', `flex-button flex-button-${style} flex-button-${button.height ?? 'md'}`);
  node.type = 'button';
  node.textContent = button.action?.label ?? '';
  if (button.color) {
    node.style[style === 'link' ? 'color' : 'backgroundColor'] = button.color;
  }
  node.style.alignSelf = { top: 'flex-start', bottom: 'flex-end', center: 'center' }[button.gravity] ?? '';
  attachAction(node, button.action, onAction);
  return node;
}

function renderImage(image, onAction) {
  const frame = element('div', 'flex-image');
  const size = image.size ?? 'md';
  frame.style.width = size === 'full' ? '100%' : (length(size, IMAGE_SIZE) ?? `${IMAGE_SIZE.md}px`);
  frame.style.alignSelf = { start: 'flex-start', end: 'flex-end' }[image.align] ?? 'center';

  const [w, h] = String(image.aspectRatio ?? '1:1').split(':').map(Number);
  frame.style.aspectRatio = w > 0 && h > 0 ? `${w} / ${h}` : '1 / 1';
  frame.style.backgroundColor = image.backgroundColor ?? '';

  const url = safeUrl(image.url);
  if (url) {
    const img = element('img');
    img.src = url;
    img.alt = '';
    img.style.objectFit = image.aspectMode === 'cover' ? 'cover' : 'contain';
    frame.append(img);
  }
  attachAction(frame, image.action, onAction);
  return frame;
}

function renderIcon(icon) {
  const img = element('img', 'flex-icon');
  const url = safeUrl(icon.url);
  if (url) {
    img.src = url;
  }
  img.alt = '';
  img.style.height = length(icon.size, TEXT_SIZE) ?? `${TEXT_SIZE.md}px`;
  return img;
}

/** Renders one component; returns null for types a bubble may not contain. */
export function renderComponent(component, onAction, parentLayout = 'vertical') {
  switch (component?.type) {
    case 'box':
      return renderBox(component, onAction);
    case 'text':
      return renderText(component, onAction);
    case 'button':
      return renderButton(component, onAction);
    case 'image':
      return renderImage(component, onAction);
    case 'icon':
      return renderIcon(component);
    case 'separator': {
      const line = element('div', parentLayout === 'vertical' ? 'flex-separator' : 'flex-separator flex-separator-vertical');
      line.style.borderColor = component.color ?? '';
      return line;
    }
    case 'filler':
      return Object.assign(element('div', 'flex-filler'), { style: `flex: ${component.flex ?? 1} 0 0` });
    case 'spacer':
      return Object.assign(element('div'), { style: `flex: 0 0 ${length(component.size, SPACING) ?? '8px'}` });
    case 'video': {
      const preview = renderImage({ url: component.previewUrl, size: 'full', aspectRatio: component.aspectRatio }, onAction);
      return preview;
    }
    default:
      return null;
  }
}

function renderBubble(bubble, onAction) {
  const node = element('div', 'flex-bubble');
  node.style.width = `${BUBBLE_WIDTH[bubble.size] ?? BUBBLE_WIDTH.mega}px`;
  node.dir = bubble.direction === 'rtl' ? 'rtl' : 'ltr';

  for (const block of ['header', 'hero', 'body', 'footer']) {
    const component = bubble[block];
    if (!component) {
      continue;
    }
    const rendered = renderComponent(component, onAction);
    if (!rendered) {
      continue;
    }

    const section = element('div', `flex-block flex-block-${block}`);
    const blockStyle = bubble.styles?.[block] ?? {};
    section.style.backgroundColor = blockStyle.backgroundColor ?? '';
    if (blockStyle.separator) {
      section.style.borderTop = `1px solid ${blockStyle.separatorColor ?? '#d4d6da'}`;
    }
    // A box's own padding replaces the block's default padding.
    if (component.type === 'box' && rendered.dataset.padded === 'no') {
      rendered.style.padding = `${BLOCK_PADDING[block]}px`;
    }
    section.append(rendered);
    node.append(section);
  }
  attachAction(node, bubble.action, onAction);
  return node;
}

/** Renders a Flex message's contents: one bubble, or a carousel that scrolls sideways. */
export function renderFlex(contents, onAction) {
  if (contents?.type === 'carousel') {
    const carousel = element('div', 'flex-carousel');
    for (const bubble of contents.contents ?? []) {
      carousel.append(renderBubble(bubble, onAction));
    }
    return carousel;
  }
  return renderBubble(contents ?? {}, onAction);
}
