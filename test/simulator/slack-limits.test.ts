import { describe, expect, it } from 'vitest';
import { validateBlocks, validateMessageBlocks, validateView } from '../../src/simulator/slack-limits.ts';

const text = (n: number, type: 'plain_text' | 'mrkdwn' = 'plain_text') => ({ type, text: 'x'.repeat(n) });
const section = (n = 5) => ({ type: 'section', text: text(n, 'mrkdwn') });
const button = (label = 'Go', extra: Record<string, unknown> = {}) => ({
  type: 'button',
  text: text(label.length),
  action_id: 'go',
  ...extra,
});
const options = (n: number) => Array.from({ length: n }, (_, i) => ({ text: text(3), value: `v${i}` }));
const modal = (extra: Record<string, unknown> = {}) => ({ type: 'modal', title: text(24), blocks: [], ...extra });

describe('validateBlocks', () => {
  it('accepts a typical message', () => {
    const blocks = [
      { type: 'header', text: text(150) },
      section(3000),
      { type: 'section', fields: Array.from({ length: 10 }, () => text(2000, 'mrkdwn')) },
      { type: 'divider' },
      { type: 'context', elements: Array.from({ length: 10 }, () => text(10, 'mrkdwn')) },
      { type: 'actions', elements: Array.from({ length: 25 }, () => button('x'.repeat(75))) },
      { type: 'rich_text', elements: [] },
    ];
    expect(validateBlocks('message', blocks)).toEqual([]);
  });

  it.each([
    ['51 blocks in a message', 'message', Array.from({ length: 51 }, () => section()), 'no more than 50 items allowed [json-pointer:/blocks]'],
    ['101 blocks in a modal', 'modal', Array.from({ length: 101 }, () => section()), 'no more than 100 items allowed [json-pointer:/blocks]'],
    ['section text over 3000', 'message', [section(3001)], 'must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
    ['empty section text', 'message', [section(0)], 'must be more than 0 characters [json-pointer:/blocks/0/text/text]'],
    ['section with neither text nor fields', 'message', [{ type: 'section' }], 'must define either `text` or `fields` [json-pointer:/blocks/0]'],
    ['section field over 2000', 'message', [{ type: 'section', fields: [text(2001)] }], 'must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]'],
    ['11 section fields', 'message', [{ type: 'section', fields: Array.from({ length: 11 }, () => text(1)) }], 'no more than 10 items allowed [json-pointer:/blocks/0/fields]'],
    ['header over 150', 'message', [{ type: 'header', text: text(151) }], 'must be less than 151 characters [json-pointer:/blocks/0/text/text]'],
    ['block_id over 255', 'message', [{ ...section(), block_id: 'b'.repeat(256) }], 'must be less than 256 characters [json-pointer:/blocks/0/block_id]'],
    ['action_id over 255', 'message', [{ type: 'actions', elements: [button('Go', { action_id: 'a'.repeat(256) })] }], 'must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]'],
    ['button text over 75', 'message', [{ type: 'actions', elements: [button('x'.repeat(76))] }], 'must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]'],
    ['accessory button text over 75', 'message', [{ ...section(), accessory: button('x'.repeat(76)) }], 'must be less than 76 characters [json-pointer:/blocks/0/accessory/text/text]'],
    ['11 context elements', 'message', [{ type: 'context', elements: Array.from({ length: 11 }, () => text(1)) }], 'no more than 10 items allowed [json-pointer:/blocks/0/elements]'],
    ['26 actions elements', 'message', [{ type: 'actions', elements: Array.from({ length: 26 }, () => button()) }], 'no more than 25 items allowed [json-pointer:/blocks/0/elements]'],
    ['101 static_select options', 'modal', [{ type: 'input', label: text(5), element: { type: 'static_select', action_id: 's', options: options(101) } }], 'no more than 100 items allowed [json-pointer:/blocks/0/element/options]'],
    ['initial_value over max_length', 'modal', [{ type: 'input', label: text(5), element: { type: 'plain_text_input', action_id: 'i', max_length: 10, initial_value: 'x'.repeat(11) } }], 'must be less than 11 characters [json-pointer:/blocks/0/element/initial_value]'],
    ['initial_value over 3000 without max_length', 'modal', [{ type: 'input', label: text(5), element: { type: 'plain_text_input', action_id: 'i', initial_value: 'x'.repeat(3001) } }], 'must be less than 3001 characters [json-pointer:/blocks/0/element/initial_value]'],
    ['block without type', 'message', [{ text: text(3) }], 'missing required field: type [json-pointer:/blocks/0]'],
  ] as const)('rejects %s', (_name, surface, blocks, reason) => {
    expect(validateBlocks(surface, blocks)).toContain(reason);
  });

  it('accepts exactly the limits', () => {
    expect(validateBlocks('message', Array.from({ length: 50 }, () => section()))).toEqual([]);
    expect(validateBlocks('home', Array.from({ length: 100 }, () => section()))).toEqual([]);
    const input = { type: 'plain_text_input', action_id: 'i', max_length: 10, initial_value: 'x'.repeat(10) };
    expect(validateBlocks('modal', [{ type: 'input', label: text(5), element: input }])).toEqual([]);
  });

  it('reports every problem with its pointer', () => {
    expect(validateBlocks('message', [section(3001), { type: 'header', text: text(151) }], '/view/blocks')).toEqual([
      'must be less than 3001 characters [json-pointer:/view/blocks/0/text/text]',
      'must be less than 151 characters [json-pointer:/view/blocks/1/text/text]',
    ]);
  });
});

describe('validateView', () => {
  it('accepts a modal at the limits', () => {
    expect(validateView(modal({ submit: text(24), close: text(24), blocks: [section()] }))).toEqual([]);
  });

  it.each([
    ['title', { title: text(25) }, 'must be less than 25 characters [json-pointer:/view/title/text]'],
    ['submit', { submit: text(25) }, 'must be less than 25 characters [json-pointer:/view/submit/text]'],
    ['close', { close: text(25) }, 'must be less than 25 characters [json-pointer:/view/close/text]'],
    ['private_metadata', { private_metadata: 'x'.repeat(3001) }, 'must be less than 3001 characters [json-pointer:/view/private_metadata]'],
    ['nested blocks', { blocks: [section(3001)] }, 'must be less than 3001 characters [json-pointer:/view/blocks/0/text/text]'],
  ])('rejects a too long %s', (_name, extra, reason) => {
    expect(validateView(modal(extra))).toContain(reason);
  });

  it('requires a modal title but not a home title', () => {
    expect(validateView({ type: 'modal', blocks: [] })).toContain('missing required field: text [json-pointer:/view/title]');
    expect(validateView({ type: 'home', blocks: [section()] })).toEqual([]);
  });

  it('allows 100 blocks in a home tab, not 101', () => {
    expect(validateView({ type: 'home', blocks: Array.from({ length: 100 }, () => section()) })).toEqual([]);
    expect(validateView({ type: 'home', blocks: Array.from({ length: 101 }, () => section()) })).toEqual([
      'no more than 100 items allowed [json-pointer:/view/blocks]',
    ]);
  });
});

describe('validateMessageBlocks', () => {
  it('checks blocks inside legacy attachments', () => {
    expect(validateMessageBlocks({ attachments: [{ color: '#f00', blocks: [section(3001)] }] })).toEqual([
      'must be less than 3001 characters [json-pointer:/attachments/0/blocks/0/text/text]',
    ]);
  });
});
