import type { Block, EmailContent, RenderedEmail } from './email.js';
import { escapeHtml, headerSafe, inertText, safeUrl } from './escape.js';
import type { MailLocale } from './locale.js';

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'quote':
      return `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #ccc;white-space:pre-wrap">${escapeHtml(block.text)}</blockquote>`;
    case 'facts':
      return `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">${block.rows
        .map(
          ([label, value]) =>
            `<tr><th align="left" style="padding:2px 12px 2px 0;font-weight:600">${escapeHtml(label)}</th><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'link': {
      const url = safeUrl(block.url);
      return url
        ? `<p><a href="${escapeHtml(url)}">${escapeHtml(block.label)}</a></p>`
        : `<p>${escapeHtml(block.label)}</p>`;
    }
    case 'choices':
      return `<p>${escapeHtml(block.prompt)}</p><p>${block.options
        .map((option) => {
          const url = safeUrl(option.url);
          return url
            ? `<a href="${escapeHtml(url)}" style="display:inline-block;min-width:28px;margin:0 4px 4px 0;padding:6px 8px;border:1px solid #888;border-radius:4px;text-align:center;text-decoration:none">${escapeHtml(option.label)}</a>`
            : escapeHtml(option.label);
        })
        .join(' ')}</p>`;
  }
}

function textBlock(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'quote':
      return block.text
        .split(/\r?\n/)
        .map((line) => `> ${line}`)
        .join('\n');
    case 'facts':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
    case 'link':
      return safeUrl(block.url) ? `${block.label}: ${safeUrl(block.url)}` : block.label;
    case 'choices':
      return [
        block.prompt,
        ...block.options.map((option) => `  ${option.label}: ${safeUrl(option.url) ?? ''}`.trimEnd()),
      ].join('\n');
  }
}

function inertBlock(block: Block): Block {
  switch (block.kind) {
    case 'paragraph':
    case 'quote':
      return { ...block, text: inertText(block.text) };
    case 'facts':
      return {
        ...block,
        rows: block.rows.map(([label, value]) => [inertText(label), inertText(value)] as const),
      };
    case 'link':
      return { ...block, label: inertText(block.label) };
    case 'choices':
      return {
        ...block,
        prompt: inertText(block.prompt),
        options: block.options.map((option) => ({ ...option, label: inertText(option.label) })),
      };
  }
}

/**
 * The one place where template output becomes an email: HTML (escaped) and plain text. Control
 * and bidirectional characters leave the subject and show inert (as code points) in the body.
 */
export function renderEmail(template: EmailContent, locale: MailLocale): RenderedEmail {
  const subject = headerSafe(template.subject);
  const content: EmailContent = {
    ...template,
    greeting: inertText(template.greeting),
    blocks: template.blocks.map(inertBlock),
    next: template.next === null ? null : inertText(template.next),
    signature: inertText(template.signature),
  };
  const nextHeading = locale === 'zh-CN' ? '接下来' : 'What happens next';
  const html = [
    '<!doctype html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:640px;margin:0 auto;padding:16px">',
    `<p>${escapeHtml(content.greeting)}</p>`,
    ...content.blocks.map(htmlBlock),
    ...(content.next
      ? [
          `<h3 style="margin:24px 0 8px">${escapeHtml(nextHeading)}</h3>`,
          `<p>${escapeHtml(content.next)}</p>`,
        ]
      : []),
    `<p style="color:#666">${escapeHtml(content.signature)}</p>`,
    '</body></html>',
  ].join('\n');
  const text = [
    content.greeting,
    ...content.blocks.map(textBlock),
    ...(content.next ? [`${nextHeading}:\n${content.next}`] : []),
    content.signature,
  ].join('\n\n');
  return { subject, html, text };
}
