/**
 * The one table of what a standup "blockers" answer says when there is nothing to
 * report. Add phrases here, never in the detector.
 *
 * Phrases are written as people type them and compared word by word after the same
 * normalisation as answers (case, punctuation, emoji, emoticons and Slack markup are
 * ignored, apostrophes and slashes inside a word vanish: "I'm" is "im", "N/A" is "na").
 *
 * An answer means "nothing" when its words read, in order, as nothing phrases and filler
 * phrases only, with at least one nothing phrase:
 * "Nope, all clear for now, thanks!" = nope · all clear · for now · thanks.
 * A single word that is in neither list makes it a blocker ("no *access* to staging",
 * "nothing *works* on CI"). That is why the lists hold whole phrases and never a lone
 * "not", "blocked" or "good": "not ok" and "no good" must stay blockers.
 */

/** Each of these alone means "no blockers". */
export const NOTHING_PHRASES: readonly string[] = [
  // a plain no
  'no', 'none', 'nope', 'nah', 'naw', 'nay', 'negative',
  'n/a', 'n a', 'nothing', 'nil', 'null', 'zero', '0', 'nada', 'zilch', 'zip',
  // about blockers
  'no blockers', 'no blocker', 'no blocks', 'no blockage', 'no blockages', 'no roadblocks',
  'no impediments', 'no impediment', 'no obstacles', 'no blocking issues',
  'no new blockers', 'no new blocker', 'nothing new',
  'nothing blocking', 'nothing blocking me', 'nothing is blocking me', 'nothing in my way',
  'not blocked', 'unblocked', 'no longer blocked', 'blocker free',
  'no issues', 'no issue', 'no problems', 'no problem', 'no concerns', 'no worries', 'no complaints',
  'nothing to report', 'nothing to flag', 'nothing to mention', 'nothing to add',
  'nothing major', 'nothing of note', 'nothing much',
  // all good
  'all good', 'all clear', 'all fine', 'all ok', 'all okay', 'all set', 'all green', 'all smooth',
  'clear', 'ok', 'okay', 'good to go', 'smooth sailing', 'so far so good', 'looking good',
  'all going well', 'going well', 'all is well', 'all well',
  'everything is fine', 'everything is good', 'everything is ok', 'everythings fine', 'everythings good',
  'everything fine', 'everything good', 'everything ok',
  'im good', 'im fine', 'im ok', 'im all good', 'i am good', 'i am fine', 'i am all good',
  'were good', 'were all good', 'we are good', 'we are all good',
  // a "not" only together with what follows it
  'not really', 'not yet', 'not now', 'not today', 'not currently', 'not at the moment', 'not atm',
  'not right now', 'not so far', 'not for now', 'not at all', 'not anymore',
  'not that i know of', 'not that im aware of',
];

/**
 * Words that add nothing, anywhere around a nothing phrase ("None *at the moment*",
 * "*Thankfully* nothing", "no blockers *on my end*"). Alone they are not an answer.
 */
export const FILLER_PHRASES: readonly string[] = [
  'at the moment', 'at this moment', 'at the minute', 'atm', 'at this time', 'at this point', 'at present',
  'presently', 'currently', 'right now', 'now', 'for now', 'as of now', 'as of today', 'as of yet', 'as yet',
  'so far', 'yet', 'today', 'for today', 'this morning', 'this week', 'since yesterday',
  'anymore', 'any more', 'whatsoever', 'at all', 'else', 'otherwise', 'other than that', 'apart from that',
  'thanks', 'thank you', 'thx', 'ty', 'thanks for asking', 'cheers',
  'here', 'for me', 'from me', 'on my end', 'on my side', 'from my side', 'from my end', 'on my part',
  'that i know of', 'that im aware of', 'i can think of', 'i think', 'i believe', 'afaik',
  'im', 'i am', 'really', 'just', 'so',
  'luckily', 'thankfully', 'happily', 'yay', 'woohoo', 'hooray', 'phew', 'lol', 'haha',
  'blockers', 'blocker', 'blocking',
];

/**
 * Words that only introduce a list ("Yes, a couple:", "Blockers:", "Two things"). In an
 * answer of several lines a line made of them alone is not a blocker of its own.
 */
export const LIST_LABEL_WORDS: readonly string[] = [
  'yes', 'yeah', 'yep', 'yup', 'sadly', 'unfortunately',
  'blockers', 'blocker', 'blocked', 'still', 'my', 'current', 'currently', 'open', 'today', 'todays',
  'a', 'an', 'few', 'couple', 'of', 'some', 'the', 'following', 'things', 'thing', 'items', 'issues',
  'impediments', 'one', 'two', 'three', 'four', 'five', 'here', 'are', 'is', 'there',
];
