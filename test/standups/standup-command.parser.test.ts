import { describe, expect, it } from 'vitest';
import { parseStandupCommand, type StandupCommand } from '../../src/standups/standup-command.parser.ts';

const TODAY = '2026-06-01';
const parse = (text: string): StandupCommand => parseStandupCommand(text, TODAY);

/** The message of an error result; fails the test when the result is not an error. */
function errorOf(result: StandupCommand): string {
  expect(result.kind, JSON.stringify(result)).toBe('error');
  return result.kind === 'error' ? result.message : '';
}

/** The part of a message that echoes user text: “…”, or the word after `/standup ` for unknown subcommands. */
function echoOf(message: string): string | undefined {
  return /“([^”]*)”/.exec(message)?.[1] ?? /^I don't know `\/standup ([^`]*)`/.exec(message)?.[1];
}

/** Safe to post as mrkdwn: nothing can ping or break out of a code span, and user text is cut short. */
function expectSafe(message: string): void {
  expect(message).not.toMatch(/[<>]/);
  expect(message.split('`').length % 2, 'backticks are balanced').toBe(1);
  expect(message.length).toBeLessThan(400);
  const echo = echoOf(message);
  if (echo !== undefined) {
    expect(echo.length).toBeLessThanOrEqual(40);
    expect(echo).not.toMatch(/[<>`]/);
    expect(echo).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no half surrogate pair
  }
}

/** A usage error: says what is wrong and shows a runnable example. */
function expectUsage(result: StandupCommand, explains: RegExp): void {
  const message = errorOf(result);
  expect(message).toMatch(explains);
  expect(message).toContain('Example');
  expect(message).toMatch(/`\/standup [^`]+`/);
  expectSafe(message);
}

describe('parseStandupCommand: commands without arguments', () => {
  it.each<[string, StandupCommand]>([
    ['', { kind: 'open' }],
    ['   ', { kind: 'open' }],
    ['\n\t', { kind: 'open' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['  help  ', { kind: 'help' }],
    ['?', { kind: 'help' }],
    ['help me', { kind: 'help' }],
    ['setup', { kind: 'setup' }],
    ['Setup', { kind: 'setup' }],
    ['settings', { kind: 'setup' }],
    ['config', { kind: 'setup' }],
    ['join', { kind: 'join' }],
    ['JOIN', { kind: 'join' }],
    ['leave', { kind: 'leave' }],
    ['status', { kind: 'status' }],
    ['skip', { kind: 'skip' }],
    ['  skip\n', { kind: 'skip' }],
    ['skip\u00a0', { kind: 'skip' }], // no-break space from a paste
  ])('%j → %j', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it.each(['join', 'leave', 'status', 'skip'])('%s rejects extra words with an example', (sub) => {
    for (const extra of ['now', 'today please', '<@U123ABC|alice>', '<!channel>']) {
      const message = errorOf(parse(`${sub} ${extra}`));
      expectUsage(parse(`${sub} ${extra}`), /takes nothing after it/);
      expect(message).toContain(`\`/standup ${sub}\``);
    }
  });
});

describe('parseStandupCommand: members and managers', () => {
  it.each<[string, StandupCommand]>([
    ['members', { kind: 'members', op: 'list' }],
    ['members list', { kind: 'members', op: 'list' }],
    ['MEMBERS LIST', { kind: 'members', op: 'list' }],
    ['members add <@U123ABC|alice>', { kind: 'members', op: 'add', userIds: ['U123ABC'] }],
    ['members add <@U123ABC>', { kind: 'members', op: 'add', userIds: ['U123ABC'] }],
    ['members add <@U123ABC|alice> <@U456DEF|bob>', { kind: 'members', op: 'add', userIds: ['U123ABC', 'U456DEF'] }],
    ['members add <@U123ABC|alice>,<@U456DEF|bob>', { kind: 'members', op: 'add', userIds: ['U123ABC', 'U456DEF'] }],
    ['members add <@U123ABC|alice>, <@U456DEF|bob>', { kind: 'members', op: 'add', userIds: ['U123ABC', 'U456DEF'] }],
    ['members add <@U123ABC|alice> <@U123ABC> <@U123ABC|alice>', { kind: 'members', op: 'add', userIds: ['U123ABC'] }],
    ['members ADD <@W0ENTERPRISE1|carol>', { kind: 'members', op: 'add', userIds: ['W0ENTERPRISE1'] }],
    ['members remove <@U123ABC|alice>', { kind: 'members', op: 'remove', userIds: ['U123ABC'] }],
    ['members  remove   <@U123ABC>   <@U456DEF> ', { kind: 'members', op: 'remove', userIds: ['U123ABC', 'U456DEF'] }],
    ['managers add <@U123ABC|alice>', { kind: 'managers', op: 'add', userIds: ['U123ABC'] }],
    ['managers add <@U123ABC|alice> <@U456DEF|bob>', { kind: 'managers', op: 'add', userIds: ['U123ABC', 'U456DEF'] }],
    ['managers remove <@U456DEF>', { kind: 'managers', op: 'remove', userIds: ['U456DEF'] }],
    ['Managers Remove <@U456DEF|bob>', { kind: 'managers', op: 'remove', userIds: ['U456DEF'] }],
  ])('%j → %j', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it.each<[string, RegExp, string | undefined]>([
    // input, explanation, echoed text (undefined when nothing is echoed)
    ['members kick <@U123ABC>', /Say `add` or `remove`/, undefined],
    ['managers', /Say `add` or `remove`/, undefined],
    ['managers list', /Say `add` or `remove`/, undefined],
    ['members add', /at least one person/, undefined],
    ['managers remove', /at least one person/, undefined],
    ['members add ,', /at least one person/, undefined],
    ['members add @bob', /not a person/, '@bob'],
    ['members add bob', /not a person/, 'bob'],
    ['members add <#C123|general>', /not a person/, '#C123|general'],
    ['members add <#C123>', /not a person/, '#C123'],
    ['members add <!channel>', /not a person/, '!channel'],
    ['members add <!here>', /not a person/, '!here'],
    ['members add <!subteam^S123|@devs>', /not a person/, '!subteam^S123|@devs'],
    ['members add <@u123abc|alice>', /not a person/, '@u123abc|alice'],
    ['members add <@U123ABC|alice', /not a person/, '@U123ABC|alice'],
    ['members add <@U123ABC|alice> and <@U456DEF|bob>', /not a person/, 'and'],
    ['members remove <@U123ABC|alice> bob', /not a person/, 'bob'],
    ["managers add ';DROP", /not a person/, "';DROP"],
  ])('%j → error (%s), echoing %j', (text, explains, echoed) => {
    const result = parse(text);
    expectUsage(result, explains);
    if (echoed !== undefined) expect(echoOf(errorOf(result))).toBe(echoed);
  });

  it('shows the subcommand and operation the user typed in the example', () => {
    expect(errorOf(parse('managers remove @bob'))).toContain('`/standup managers remove @alice`');
    expect(errorOf(parse('members add'))).toContain('`/standup members add @alice @bob`');
  });

  it('explains a plain-text @name in one readable sentence', () => {
    expect(errorOf(parse('members add @bob'))).toMatchInlineSnapshot(`"“@bob” is not a person I can read — pick people from the @ list. Example: \`/standup members add @alice\`"`);
  });

  // Regression: `members list` ignores extra words, while join/leave/status/skip reject them;
  // `/standup members list <@U123ABC>` (probably meant `add`) silently lists instead.
  it('members list rejects extra words like the other no-argument subcommands', () => {
    expectUsage(parse('members list <@U123ABC|alice>'), /lists the team; to change it say `add` or `remove`/);
  });
});

describe('parseStandupCommand: schedule', () => {
  it.each<[string, StandupCommand]>([
    ['schedule 09:30', { kind: 'schedule', time: '09:30' }],
    ['schedule 9:30', { kind: 'schedule', time: '09:30' }],
    ['schedule 9.30', { kind: 'schedule', time: '09:30' }],
    ['schedule 9h30', { kind: 'schedule', time: '09:30' }],
    ['schedule 0:00', { kind: 'schedule', time: '00:00' }],
    ['schedule 23:59', { kind: 'schedule', time: '23:59' }],
    ['SCHEDULE 10:00', { kind: 'schedule', time: '10:00' }],
    ['schedule 09:30 mon-fri', { kind: 'schedule', time: '09:30', days: [1, 2, 3, 4, 5] }],
    ['schedule 10:00 mon,wed,fri', { kind: 'schedule', time: '10:00', days: [1, 3, 5] }],
    ['schedule 10:00 fri-mon', { kind: 'schedule', time: '10:00', days: [1, 5, 6, 7] }],
    ['schedule 10:00 weekdays', { kind: 'schedule', time: '10:00', days: [1, 2, 3, 4, 5] }],
    ['schedule 10:00 daily', { kind: 'schedule', time: '10:00', days: [1, 2, 3, 4, 5, 6, 7] }],
    ['schedule 10:00 MON-FRI', { kind: 'schedule', time: '10:00', days: [1, 2, 3, 4, 5] }],
    ['schedule 10:00 Monday,Thursday', { kind: 'schedule', time: '10:00', days: [1, 4] }],
    ['schedule 10:00 tu,th', { kind: 'schedule', time: '10:00', days: [2, 4] }],
    ['schedule 10:00 sun', { kind: 'schedule', time: '10:00', days: [7] }],
  ])('%j → %j', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it.each<[string, RegExp, string | undefined]>([
    ['schedule', /Give a time/, undefined],
    ['schedule 25:99', /not a time of day/, '25:99'],
    ['schedule 9:60', /not a time of day/, '9:60'],
    ['schedule 24:00', /not a time of day/, '24:00'],
    ['schedule 9', /not a time of day/, '9'],
    ['schedule 930', /not a time of day/, '930'],
    ['schedule 9am', /not a time of day/, '9am'],
    ['schedule 9:30pm', /not a time of day/, '9:30pm'],
    ['schedule -1:00', /not a time of day/, '-1:00'],
    ['schedule mon-fri 09:30', /not a time of day/, 'mon-fri'],
    ['schedule 09:30 mon-xyz', /not a list of days/, 'mon-xyz'],
    ['schedule 09:30 ,,', /not a list of days/, ',,'],
    ['schedule 09:30 funday', /not a list of days/, 'funday'],
    ['schedule 09:30 mon,', /not a list of days/, 'mon,'],
    ['schedule 09:30 m-f', /not a list of days/, 'm-f'],
    ['schedule 09:30 1-5', /not a list of days/, '1-5'],
    ['schedule 09:30 mon-wed-fri', /not a list of days/, 'mon-wed-fri'],
    ['schedule 09:30 mon-fri extra', /not a list of days/, undefined],
    ['schedule 09:30 mon wed funday', /not a list of days/, undefined],
  ])('%j → error (%s), echoing %j', (text, explains, echoed) => {
    const result = parse(text);
    expectUsage(result, explains);
    if (echoed !== undefined) expect(echoOf(errorOf(result))).toBe(echoed);
  });

  it('explains a bad time with both example forms', () => {
    expect(errorOf(parse('schedule 25:99'))).toMatchInlineSnapshot(`"“25:99” is not a time of day (use 24-hour HH:MM). Example: \`/standup schedule 09:30 mon-fri\` or \`/standup schedule 10:00 mon,wed,fri\`"`);
  });

  // Regression: parseWeekdays documents "every day", and formatWeekdays prints "every day" for seven days, but
  // `/standup schedule 09:30 every day` is "Too many words after the days".
  it('accepts "every day" as the day list', () => {
    expect(parse('schedule 09:30 every day')).toEqual({ kind: 'schedule', time: '09:30', days: [1, 2, 3, 4, 5, 6, 7] });
  });
});

describe('parseStandupCommand: timezone', () => {
  it.each<[string, StandupCommand]>([
    ['timezone local', { kind: 'timezone', mode: 'member' }],
    ['timezone LOCAL', { kind: 'timezone', mode: 'member' }],
    ['timezone member', { kind: 'timezone', mode: 'member' }],
    ['timezone members', { kind: 'timezone', mode: 'member' }],
    ['timezone own', { kind: 'timezone', mode: 'member' }],
    ['tz local', { kind: 'timezone', mode: 'member' }],
    ['timezone Europe/Berlin', { kind: 'timezone', mode: 'pinned', zone: 'Europe/Berlin' }],
    ['tz America/New_York', { kind: 'timezone', mode: 'pinned', zone: 'America/New_York' }],
    ['timezone Pacific/Chatham', { kind: 'timezone', mode: 'pinned', zone: 'Pacific/Chatham' }],
    ['timezone Australia/Lord_Howe', { kind: 'timezone', mode: 'pinned', zone: 'Australia/Lord_Howe' }],
    ['timezone UTC', { kind: 'timezone', mode: 'pinned', zone: 'UTC' }],
    ['TIMEZONE Asia/Kolkata', { kind: 'timezone', mode: 'pinned', zone: 'Asia/Kolkata' }],
  ])('%j → %j', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it.each<[string, RegExp, string | undefined]>([
    ['timezone', /Give one zone/, undefined],
    ['tz', /Give one zone/, undefined],
    ['timezone Europe/Berlin extra', /Give one zone/, undefined],
    ['timezone Central European Time', /Give one zone/, undefined],
    ['timezone Mars/Olympus_Mons', /not a time zone/, 'Mars/OlympusMons'], // `_` is mrkdwn italics, so it is dropped
    ['timezone +02:00', /not a time zone/, '+02:00'],
    ['timezone Berlin', /not a time zone/, 'Berlin'],
    ['timezone <!channel>', /not a time zone/, '!channel'],
  ])('%j → error (%s), echoing %j', (text, explains, echoed) => {
    const result = parse(text);
    expectUsage(result, explains);
    if (echoed !== undefined) expect(echoOf(errorOf(result))).toBe(echoed);
  });
});

describe('parseStandupCommand: deadline', () => {
  it.each<[string, StandupCommand]>([
    ['deadline 12:00', { kind: 'deadline', time: '12:00' }],
    ['deadline 9:05', { kind: 'deadline', time: '09:05' }],
    ['deadline 17.30', { kind: 'deadline', time: '17:30' }],
    ['Deadline 23:59', { kind: 'deadline', time: '23:59' }],
  ])('%j → %j', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it.each(['deadline', 'deadline 25:00', 'deadline 9:60', 'deadline noon', 'deadline 12:00 13:00', 'deadline 12:00 tomorrow'])(
    '%j → error with an example',
    (text) => {
      expectUsage(parse(text), /report deadline as a local time/);
    },
  );
});

describe('parseStandupCommand: reminder', () => {
  it.each<[string, number | null]>([
    ['reminder 90m', 90],
    ['reminder 2h', 120],
    ['reminder 30', 30],
    ['reminder 5m', 5],
    ['reminder 5', 5],
    ['reminder 12h', 720],
    ['reminder 720m', 720],
    ['reminder 45min', 45],
    ['reminder 45mins', 45],
    ['reminder 45minutes', 45],
    ['reminder 1hr', 60],
    ['reminder 1hour', 60],
    ['reminder 3hours', 180],
    ['reminder 2H', 120],
    ['reminder off', null],
    ['reminder OFF', null],
    ['reminder none', null],
    ['reminder no', null],
  ])('%j → %j minutes', (text, minutes) => {
    expect(parse(text)).toEqual({ kind: 'reminder', minutes });
  });

  it.each<[string, RegExp, string | undefined]>([
    ['reminder', /how long after the prompt/, undefined],
    ['reminder 90 m', /how long after the prompt/, undefined],
    ['reminder 2h off', /how long after the prompt/, undefined],
    ['reminder 4m', /between 5 minutes and 12 hours/, undefined],
    ['reminder 0', /between 5 minutes and 12 hours/, undefined],
    ['reminder 721m', /between 5 minutes and 12 hours/, undefined],
    ['reminder 13h', /between 5 minutes and 12 hours/, undefined],
    ['reminder 999h', /between 5 minutes and 12 hours/, undefined],
    ['reminder soon', /not a duration/, 'soon'],
    ['reminder 1.5h', /not a duration/, '1.5h'],
    ['reminder -5m', /not a duration/, '-5m'],
    ['reminder 1d', /not a duration/, '1d'],
    ['reminder 1000m', /not a duration/, '1000m'],
    ['reminder <!channel>', /not a duration/, '!channel'],
  ])('%j → error (%s), echoing %j', (text, explains, echoed) => {
    const result = parse(text);
    expectUsage(result, explains);
    if (echoed !== undefined) expect(echoOf(errorOf(result))).toBe(echoed);
  });
});

describe('parseStandupCommand: away', () => {
  it.each<[string, StandupCommand]>([
    ['away 2026-12-21 2027-01-03', { kind: 'away', op: 'add', from: '2026-12-21', to: '2027-01-03' }],
    ['away 2026-12-21', { kind: 'away', op: 'add', from: '2026-12-21', to: '2026-12-21' }],
    ['away 2026-12-21 2026-12-21', { kind: 'away', op: 'add', from: '2026-12-21', to: '2026-12-21' }],
    ['away 2026-06-01', { kind: 'away', op: 'add', from: '2026-06-01', to: '2026-06-01' }], // today
    ['away 2026-05-25 2026-06-05', { kind: 'away', op: 'add', from: '2026-05-25', to: '2026-06-05' }], // already started
    ['away 2026-05-25 2026-06-01', { kind: 'away', op: 'add', from: '2026-05-25', to: '2026-06-01' }], // ends today
    ['away 2028-02-29', { kind: 'away', op: 'add', from: '2028-02-29', to: '2028-02-29' }],
    ['away 2026-06-01 2027-06-01', { kind: 'away', op: 'add', from: '2026-06-01', to: '2027-06-01' }], // a year
    ['AWAY 2026-07-01 2026-07-10', { kind: 'away', op: 'add', from: '2026-07-01', to: '2026-07-10' }],
    ['away list', { kind: 'away', op: 'list' }],
    ['away LIST', { kind: 'away', op: 'list' }],
    ['away cancel 3', { kind: 'away', op: 'cancel', id: 3 }],
    ['away Cancel 120', { kind: 'away', op: 'cancel', id: 120 }],
  ])('%j → %j', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it.each<[string, RegExp, string | undefined]>([
    ['away', /first and last day away/, undefined],
    ['away 2026-12-21 2027-01-03 extra', /first and last day away/, undefined],
    ['away 2026-02-30', /not a date \(YYYY-MM-DD\)/, '2026-02-30'],
    ['away 2026-12-21 2027-02-29', /not a date \(YYYY-MM-DD\)/, '2027-02-29'],
    ['away 2026-13-01', /not a date/, '2026-13-01'],
    ['away 2026-04-31', /not a date/, '2026-04-31'],
    ['away 2026-6-1', /not a date/, '2026-6-1'],
    ['away 21/12/2026', /not a date/, '21/12/2026'],
    ['away tomorrow', /not a date/, 'tomorrow'],
    ['away next week', /not a date/, 'next'],
    ['away list extra', /not a date/, 'list'],
    ['away 2026-12-24 2026-12-21', /last day \(2026-12-21\) is before the first \(2026-12-24\)/, undefined],
    ['away 2026-05-01 2026-05-31', /already over \(today is 2026-06-01\)/, undefined],
    ['away 2026-05-31', /already over/, undefined],
    ['away 2026-06-01 2027-07-01', /limited to a year/, undefined],
    ['away 2026-06-01 2099-12-31', /limited to a year/, undefined],
    ['away cancel', /which period to cancel/, undefined],
    ['away cancel abc', /which period to cancel/, undefined],
    ['away cancel 0', /which period to cancel/, undefined],
    ['away cancel -1', /which period to cancel/, undefined],
    ['away cancel 1.5', /which period to cancel/, undefined],
    ['away cancel #3', /which period to cancel/, undefined],
    ['away cancel 3 4', /which period to cancel/, undefined],
  ])('%j → error (%s), echoing %j', (text, explains, echoed) => {
    const result = parse(text);
    expectUsage(result, explains);
    if (echoed !== undefined) expect(echoOf(errorOf(result))).toBe(echoed);
  });

  it('explains dates in the wrong order', () => {
    expect(errorOf(parse('away 2026-12-24 2026-12-21'))).toMatchInlineSnapshot(`"The last day (2026-12-21) is before the first (2026-12-24). Example: \`/standup away 2026-12-21 2027-01-03\` (inclusive), \`/standup away list\`, \`/standup away cancel 3\`"`);
  });

  // Regression: the id is read with Number(), so hex, exponent and out-of-range forms pass as ids; the user
  // typed something that is not a period number. 99999999999 also overflows a Postgres integer id.
  it.each([
    ['away cancel 0x10'],
    ['away cancel 1e3'],
    ['away cancel 99999999999'],
  ])('%j is not a period number', (text) => {
    expectUsage(parse(text), /which period to cancel/);
  });

  // Regression (was off by one): the limit is `daysBetween > 366`, so 2026-06-01..2027-06-02 (367 days
  // inclusive, a year and two days) is accepted as "a year at a time".
  it('rejects a period of 367 days', () => {
    expectUsage(parse('away 2026-06-01 2027-06-02'), /limited to a year/);
  });

  // Regression (usability): list/cancel are words after `away`, and members/managers take `add`, but
  // `/standup away add FROM TO` answers "Give the first and last day away" although both were given.
  it('accepts the explicit `add` form', () => {
    expect(parse('away add 2026-12-21 2026-12-24')).toEqual({ kind: 'away', op: 'add', from: '2026-12-21', to: '2026-12-24' });
  });
});

describe('parseStandupCommand: unknown subcommands', () => {
  it.each<[string, string]>([
    ['foo', 'foo'],
    ['shedule 09:30', 'shedule'],
    ['Blocker stuck', 'blocker'],
    ['<!channel>', '!channel'],
    ['<@U123ABC|alice>', '@u123abc|alice'],
    ['`rm', 'rm'],
    ['*bold*', 'bold'],
  ])('%j is named (as %j) in the error', (text, echoed) => {
    const message = errorOf(parse(text));
    expect(message).toMatch(/I don't know/);
    expect(echoOf(message)).toBe(echoed);
    expectSafe(message);
  });

  // Regression: the unknown-subcommand error has no example and no pointer to help:
  // "foo" → "I don't know `/standup foo`." (expected e.g. "... Try `/standup help`. Example: `/standup schedule 09:30 mon-fri`").
  it.each([['foo'], ['shedule 09:30'], ['<!channel>']])('%j → error with an example', (text) => {
    expectUsage(parse(text), /I don't know/);
  });
});

describe('parseStandupCommand: hostile text', () => {
  const long = 'x'.repeat(10_000);
  const hostile: [string, string][] = [
    ['<!channel>', 'channel ping'],
    ['<!everyone>', 'everyone ping'],
    ['<@U123ABC|alice>', 'user mention'],
    ['<https://evil.example|click>', 'link'],
    ['```code```', 'code fence'],
    ['`a`b`', 'odd backticks'],
    ['&lt;!channel&gt;', 'pre-escaped'],
    ['&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;', 'many entities'],
    ["';DROP_TABLE_teams;--", 'SQL'],
    ['1;SELECT(pg_sleep(10))', 'SQL sleep'],
    [long, '10,000 characters'],
    ['😀'.repeat(5_000), '10,000 UTF-16 units of emoji'],
    ['a😀'.repeat(40), 'emoji at odd offsets'],
    ['\u202eevil', 'right-to-left override'],
    ['Zürich_日本_Ωmega', 'unicode'],
    ['\u200b', 'zero-width space'],
  ];
  const positions: [string, (h: string) => string][] = [
    ['members add', (h) => `members add <@U123ABC> ${h}`],
    ['managers remove', (h) => `managers remove ${h}`],
    ['schedule time', (h) => `schedule ${h}`],
    ['schedule days', (h) => `schedule 09:30 ${h}`],
    ['timezone', (h) => `timezone ${h}`],
    ['deadline', (h) => `deadline ${h}`],
    ['reminder', (h) => `reminder ${h}`],
    ['away date', (h) => `away ${h}`],
    ['away second date', (h) => `away 2026-12-21 ${h}`],
    ['away cancel', (h) => `away cancel ${h}`],
    ['join', (h) => `join ${h}`],
  ];
  const takesPeople = (where: string) => where.startsWith('members') || where.startsWith('managers');
  const cases = positions.flatMap(([where, make]) =>
    hostile.filter(([h]) => !(takesPeople(where) && h.startsWith('<@'))).map(([h, what]) => [where, what, make(h)] as const),
  );

  it.each(cases)('%s ← %s: usage error, safe to post', (_where, _what, text) => {
    const result = parse(text);
    expectUsage(result, /./);
  });

  it.each(hostile.map(([h, what]) => [what, h] as const))('as the subcommand, %s is echoed safely', (_what, h) => {
    expectSafe(errorOf(parse(h)));
  });

  it('cuts a 10,000-character word to a short echo', () => {
    const message = errorOf(parse(`timezone ${long}`));
    expect(echoOf(message)).toBe(`${'x'.repeat(39)}…`);
  });

  it('never throws, even on very long input', () => {
    const many = Array.from({ length: 5_000 }, () => '<@U123ABC|alice>').join(' ');
    expect(parse(`members add ${many}`)).toEqual({ kind: 'members', op: 'add', userIds: ['U123ABC'] });
    expect(parse(`${'a '.repeat(5_000)}`).kind).toBe('error');
  });
});

describe('parseStandupCommand: questions by text', () => {
  it.each<[string, StandupCommand]>([
    ['questions', { kind: 'questions' }],
    ['question add Any risks?', { kind: 'question', op: 'add', text: 'Any risks?' }],
    ['question edit 2 What next?', { kind: 'question', op: 'edit', n: 2, text: 'What next?' }],
    ['question remove 4', { kind: 'question', op: 'remove', n: 4 }],
    ['question move 4 1', { kind: 'question', op: 'move', n: 4, to: 1 }],
    ['question blockers 3', { kind: 'question', op: 'role', n: 3, role: 'blockers' }],
  ])('%j', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it.each([['question'], ['question add'], ['question remove'], ['question remove x'], ['question move 4'], ['question frob 1'], ['questions extra'], [`question add ${'q'.repeat(301)}`]])('%j is an error with an example', (text) => {
    expectUsage(parse(text), /./);
  });
});
