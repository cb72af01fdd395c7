import { describe, expect, it } from 'vitest';
import { firstWorkingDayOfWeek, flagged, isoWeekOf, scoreOf, severityOf, sortRisks } from '../../src/risks/risks.models.ts';

describe('risk register rules', () => {
  it('score is likelihood × impact, banded high / medium / low', () => {
    expect(scoreOf({ likelihood: 3, impact: 5 })).toBe(15);
    expect([25, 15, 14, 8, 7, 1].map(severityOf)).toEqual(['high', 'high', 'medium', 'medium', 'low', 'low']);
  });

  it('flags a score of 15 or more with no mitigation, and nothing else', () => {
    expect(flagged({ likelihood: 3, impact: 5, mitigation: null })).toBe(true);
    expect(flagged({ likelihood: 3, impact: 5, mitigation: '  ' })).toBe(true);
    expect(flagged({ likelihood: 3, impact: 5, mitigation: 'fallback vendor' })).toBe(false);
    expect(flagged({ likelihood: 2, impact: 7 - 0, mitigation: null })).toBe(false);
  });

  it('sorts by score, then impact, then age', () => {
    const list = [
      { id: 1, likelihood: 2, impact: 2 },
      { id: 2, likelihood: 5, impact: 3 },
      { id: 3, likelihood: 3, impact: 5 },
      { id: 4, likelihood: 5, impact: 5 },
      { id: 5, likelihood: 3, impact: 5 },
    ];
    expect(sortRisks(list).map((r) => r.id)).toEqual([4, 3, 5, 2, 1]);
  });

  it('weeks are ISO weeks; the nudge goes out on the team’s first working day', () => {
    expect(isoWeekOf('2026-12-01')).toBe('2026-W49');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(firstWorkingDayOfWeek('2026-12-03', [1, 2, 3, 4, 5])).toBe('2026-11-30');
    expect(firstWorkingDayOfWeek('2026-12-03', [2, 3, 4])).toBe('2026-12-01');
  });
});
