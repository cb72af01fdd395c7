import { describe, expect, it } from 'vitest';
import { weekCell } from '../../src/slack/blocks/workload.blocks.ts';
import type { Band, WeekLoad } from '../../src/workload/workload.models.ts';

const week = (band: Band, utilisation: number | null): WeekLoad => ({ week: '2026-11-30', plannedHours: 10, availableHours: 40, utilisation, band, awayDays: 0, tasks: [] });

describe('workload bands are written in words, not only coloured circles', () => {
  it.each([
    ['under', 25, /:white_circle: under /],
    ['healthy', 70, /:large_green_circle: healthy /],
    ['at-risk', 90, /:large_yellow_circle: at risk /],
    ['overloaded', 120, /:red_circle: overloaded /],
    ['away', null, /:palm_tree: away/],
  ] as const)('%s', (band, utilisation, expected) => {
    expect(weekCell(week(band, utilisation))).toMatch(expected);
  });
});
