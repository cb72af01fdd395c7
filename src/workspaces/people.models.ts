/**
 * People a command named who cannot take part: someone not (or no longer) in the workspace, or a
 * bot. Thrown as data with `refused(…)` (src/shared/errors.ts) by `users.requirePeople`, in the
 * order they were named, and worded by src/slack/blocks/refusals.ts.
 */
export type PeopleRefusal = { code: 'people.invalid'; people: { userId: string; problem: 'not-in-workspace' | 'bot' }[] };
