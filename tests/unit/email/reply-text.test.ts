import { describe, expect, it } from 'vitest';
import { htmlToText, stripQuotedReply } from '../../../functions/email/domain/reply-text.js';

describe('stripQuotedReply', () => {
  it('cuts Gmail’s attribution line and the quoted history under it', () => {
    const text = [
      'Yes, the base is cracked. I can send a photo.',
      '',
      'On Thu, Dec 3, 2026 at 10:02 AM Redress <redress@shop.example> wrote:',
      '> Hello,',
      '> Could you tell us more?',
    ].join('\r\n');

    expect(stripQuotedReply(text)).toBe('Yes, the base is cracked. I can send a photo.');
  });

  it('cuts an attribution line that Gmail wrapped over two lines', () => {
    const text = [
      'Thanks, that works.',
      '',
      'On Thu, Dec 3, 2026 at 10:02 AM Redress After-Sales Service <',
      'redress@shop.example> wrote:',
      '',
      '> Hello,',
    ].join('\n');

    expect(stripQuotedReply(text)).toBe('Thanks, that works.');
  });

  it('cuts Apple Mail’s attribution and its mobile footer', () => {
    const text = [
      'It arrived today, thank you!',
      '',
      'Sent from my iPhone',
      '',
      'On 3 Dec 2026, at 10:02, Redress <redress@shop.example> wrote:',
      '',
      '> Your refund is on its way.',
    ].join('\n');

    expect(stripQuotedReply(text)).toBe('It arrived today, thank you!');
  });

  it('cuts Outlook’s header block and its mobile footer', () => {
    const outlook = [
      'Please call me after 5pm.',
      '',
      '________________________________',
      'From: Redress <redress@shop.example>',
      'Sent: Thursday, December 3, 2026 10:02 AM',
      'To: ann@example.com',
      'Subject: [#79540BC0] We received your refund request',
    ].join('\n');
    const mobile = ['OK', '', 'Get Outlook for Android', '', 'From: Redress', 'Sent: Thursday'].join('\n');
    const original = ['Fine.', '-----Original Message-----', 'From: Redress'].join('\n');

    expect(stripQuotedReply(outlook)).toBe('Please call me after 5pm.');
    expect(stripQuotedReply(mobile)).toBe('OK');
    expect(stripQuotedReply(original)).toBe('Fine.');
  });

  it('cuts Chinese attribution lines: Gmail, Apple Mail and Foxmail', () => {
    const gmail = [
      '水壶底座裂了，我可以补拍照片。',
      '',
      '2026年12月3日周四 10:02，Redress <redress@shop.example> 写道：',
      '> 您好',
    ].join('\n');
    const apple = [
      '好的，谢谢！',
      '',
      '发自我的iPhone',
      '',
      '在 2026年12月3日，10:02，Redress <redress@shop.example> 写道：',
      '',
    ].join('\n');
    const colon = ['收到', '在 2026-12-03 10:02:00，"Redress"<redress@shop.example> 写道:', '> 您好'].join(
      '\n',
    );

    expect(stripQuotedReply(gmail)).toBe('水壶底座裂了，我可以补拍照片。');
    expect(stripQuotedReply(apple)).toBe('好的，谢谢！');
    expect(stripQuotedReply(colon)).toBe('收到');
  });

  it('cuts QQ Mail’s original-mail block, in Chinese and in English', () => {
    const chinese = [
      '已经寄回了，单号 SF1234567890。',
      '',
      '------------------ 原始邮件 ------------------',
      '发件人: "Redress"<redress@shop.example>;',
      '发送时间: 2026年12月3日(星期四) 上午10:02',
      '收件人: "ann"<ann@qq.com>;',
    ].join('\n');
    const english = [
      'Sent back today.',
      '------------------ Original ------------------',
      'From: "Redress"',
    ].join('\n');
    const headerOnly = [
      '退货已寄出',
      '',
      '发件人：Redress <redress@shop.example>',
      '发送时间：2026年12月3日 10:02',
      '主题：退货',
    ].join('\n');

    expect(stripQuotedReply(chinese)).toBe('已经寄回了，单号 SF1234567890。');
    expect(stripQuotedReply(english)).toBe('Sent back today.');
    expect(stripQuotedReply(headerOnly)).toBe('退货已寄出');
  });

  it('cuts the signature after the "-- " separator and drops interleaved quoted lines', () => {
    const text = [
      '> Which colour?',
      'Blue, please.',
      '> And the size?',
      'M.',
      '',
      '-- ',
      'Ann Lee',
      'Example Ltd',
    ].join('\n');

    expect(stripQuotedReply(text)).toBe('Blue, please.\nM.');
  });

  it('keeps a message that only mentions the words the rules look for', () => {
    const text = 'On Monday I wrote to you about this.\nFrom: my kitchen, the kettle leaks.';

    expect(stripQuotedReply(text)).toBe(text);
  });

  it('leaves nothing when the mail is only history and a signature', () => {
    expect(stripQuotedReply('\n\nOn Thu, Dec 3, 2026 Redress wrote:\n> Hello\n')).toBe('');
    expect(stripQuotedReply('-- \nAnn')).toBe('');
  });
});

describe('htmlToText', () => {
  it('reads an HTML-only reply without its quoted block', () => {
    const html =
      '<div dir="ltr">Yes &amp; thanks<br>Ann</div><br><div class="gmail_quote"><div>On Thu wrote:</div><blockquote>old</blockquote></div>';

    expect(htmlToText(html).trim()).toBe('Yes & thanks\nAnn');
  });

  it('decodes numeric entities and leaves impossible ones as they are', () => {
    expect(htmlToText('<p>&#x6C34;&#22774; &#99999999;</p>').trim()).toBe('水壶 &#99999999;');
  });
});
