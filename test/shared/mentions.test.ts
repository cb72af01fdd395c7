import { describe, expect, it } from 'vitest';
import { parseChannelMention, parseUserList, parseUserMention } from '../../src/shared/mentions.ts';

describe('parseUserMention', () => {
  it.each<[string, string | undefined]>([
    ['<@U123ABC|alice>', 'U123ABC'],
    ['<@U123ABC>', 'U123ABC'],
    ['<@U123ABC|>', 'U123ABC'],
    ['<@U123ABC|alice.smith-jones>', 'U123ABC'],
    ['<@W0ENTERPRISE1|carol>', 'W0ENTERPRISE1'],
    ['<@U01>', 'U01'],
    // not user mentions
    ['@bob', undefined],
    ['bob', undefined],
    ['', undefined],
    ['U123ABC', undefined],
    ['<@U1>', undefined],
    ['<@u123abc|alice>', undefined],
    ['<@B123ABC|bot>', undefined],
    ['<@U123ABC|alice', undefined],
    ['@U123ABC|alice>', undefined],
    ['<@U123ABC|alice>,', undefined],
    [' <@U123ABC>', undefined],
    ['<@U123ABC><@U456DEF>', undefined],
    ['<#C123|general>', undefined],
    ['<!channel>', undefined],
    ['<!here>', undefined],
    ['<!subteam^S123|@devs>', undefined],
    ['<@U123-ABC>', undefined],
    ['<mailto:a@b.c|a@b.c>', undefined],
  ])('%j → %j', (token, expected) => {
    expect(parseUserMention(token)).toBe(expected);
  });
});

describe('parseChannelMention', () => {
  it.each<[string, string | undefined]>([
    ['<#C123|general>', 'C123'],
    ['<#C123ABC>', 'C123ABC'],
    ['<#C123ABC|>', 'C123ABC'],
    ['<#G0PRIVATE|secret>', 'G0PRIVATE'],
    // not channel mentions
    ['#general', undefined],
    ['general', undefined],
    ['', undefined],
    ['<#C1>', undefined],
    ['<#c123|general>', undefined],
    ['<#D123|dm>', undefined],
    ['<#C123|general', undefined],
    ['<@U123ABC|alice>', undefined],
    ['<!channel>', undefined],
  ])('%j → %j', (token, expected) => {
    expect(parseChannelMention(token)).toBe(expected);
  });
});

describe('parseUserList', () => {
  it.each<[string[], ReturnType<typeof parseUserList>]>([
    [[], { ok: true, userIds: [] }],
    [['<@U123ABC|alice>'], { ok: true, userIds: ['U123ABC'] }],
    [['<@U123ABC|alice>', '<@U456DEF>'], { ok: true, userIds: ['U123ABC', 'U456DEF'] }],
    [['<@U123ABC|alice>,<@U456DEF|bob>'], { ok: true, userIds: ['U123ABC', 'U456DEF'] }],
    [['<@U123ABC|alice>,', '<@U456DEF|bob>'], { ok: true, userIds: ['U123ABC', 'U456DEF'] }],
    [[',<@U123ABC>,,<@U456DEF>,'], { ok: true, userIds: ['U123ABC', 'U456DEF'] }],
    [[','], { ok: true, userIds: [] }],
    [['<@U456DEF>', '<@U123ABC>'], { ok: true, userIds: ['U456DEF', 'U123ABC'] }], // keeps order
    [['<@U123ABC|alice>', '<@U123ABC>', '<@U123ABC|al>'], { ok: true, userIds: ['U123ABC'] }], // once each
    [['@bob'], { ok: false, bad: '@bob' }],
    [['<@U123ABC>', 'and', '<@U456DEF>'], { ok: false, bad: 'and' }],
    [['<@U123ABC>', '@bob', 'carol'], { ok: false, bad: '@bob' }], // the first bad token
    [['<@U123ABC>,bob'], { ok: false, bad: 'bob' }],
    [['<#C123|general>'], { ok: false, bad: '<#C123|general>' }],
    [['<!channel>'], { ok: false, bad: '<!channel>' }],
  ])('%j → %j', (tokens, expected) => {
    expect(parseUserList(tokens)).toEqual(expected);
  });

  it('handles thousands of tokens', () => {
    const tokens = Array.from({ length: 5_000 }, (_, i) => `<@U${String(i % 50).padStart(4, '0')}>`);
    const result = parseUserList(tokens);
    expect(result.ok && result.userIds.length).toBe(50);
  });
});
