import type { Token } from './concept-matcher';

/** The ConText properties of a concept (Harkema et al. 2009, extending Chapman's NegEx). */
export interface ContextFlags {
  negated: boolean;
  uncertain: boolean;
  historical: boolean;
  /** About someone other than the patient (a relative: family history). */
  otherExperiencer: boolean;
}

type Category = keyof ContextFlags;
type Direction = 'forward' | 'backward';

interface Trigger {
  words: string[];
  category: Category | 'pseudo' | 'terminate';
  direction: Direction;
}

const phrases = (category: Trigger['category'], direction: Direction, list: string[]): Trigger[] =>
  list.map((phrase) => ({ words: phrase.split(' '), category, direction }));

/** Trigger, pseudo-trigger and termination lists, after NegEx/ConText's published lexicon (abridged). */
export const CONTEXT_TRIGGERS: readonly Trigger[] = [
  // Pseudo-triggers look like triggers but are not; matching them first stops a false trigger.
  ...phrases('pseudo', 'forward', [
    'no increase', 'no change', 'no significant change', 'not only', 'not necessarily', 'not certain if', 'without difficulty',
    'gram negative', 'no further', 'not cause', 'not drain', 'no suspicious change', 'doubt that', 'history and physical',
    'history and examination', 'history taking', 'social history', 'family history of present illness',
  ]),
  ...phrases('negated', 'forward', [
    'no', 'not', 'denies', 'denied', 'denying', 'without', 'negative for', 'no evidence of', 'no signs of', 'no sign of', 'free of',
    'absence of', 'no history of', 'never had', 'never', 'rules out', 'ruled out', 'resolution of', 'no complaints of', 'fails to reveal',
    'not demonstrate', 'no new', 'negative', 'nor', 'neither', 'declines', 'unremarkable for', 'no further evidence of', 'w/o',
  ]),
  ...phrases('negated', 'backward', ['is ruled out', 'was ruled out', 'has been ruled out', 'are ruled out', 'is negative', 'was negative', 'is absent', 'unlikely', 'not seen', 'free', 'resolved']),
  ...phrases('uncertain', 'forward', [
    'possible', 'possibly', 'probable', 'probably', 'suspected', 'suspect', 'suspicious for', 'rule out', 'r/o', 'questionable',
    'question of', 'may have', 'might have', 'could be', 'concern for', 'concerning for', 'cannot exclude', 'cannot rule out',
    'likely', 'differential diagnosis', 'versus', 'vs', 'presumed', 'consistent with', 'worrisome for', 'evaluate for',
  ]),
  ...phrases('uncertain', 'backward', ['is possible', 'is likely', 'is suspected', 'is questionable', 'cannot be excluded', 'cannot be ruled out', 'may be present']),
  ...phrases('historical', 'forward', ['history of', 'h/o', 'previous', 'previously', 'prior', 'past', 'status post', 's/p', 'remote', 'in the past', 'childhood']),
  ...phrases('historical', 'backward', ['in the past', 'years ago', 'months ago', 'as a child', 'previously']),
  ...phrases('otherExperiencer', 'forward', [
    'mother', 'father', 'brother', 'sister', 'sibling', 'siblings', 'son', 'daughter', 'aunt', 'uncle', 'grandmother', 'grandfather',
    'cousin', 'parents', 'family history of', 'mother\'s', 'father\'s', 'maternal', 'paternal', 'family member',
  ]),
  ...phrases('terminate', 'forward', [
    'but', 'however', 'although', 'though', 'except', 'aside from', 'apart from', 'which', 'who', 'secondary to', 'due to', 'because',
    'cause of', 'causes of', 'etiology of', 'source of', 'reason for', 'presents', 'presented', 'reports', 'complains of', 'complaining of',
    'now', 'still', 'yet', 'trigger', 'since', 'other than',
  ]),
];

const MAX_SCOPE_TOKENS = 12;

interface TriggerIndex {
  byFirst: Map<string, Trigger[]>;
}

function index(triggers: readonly Trigger[]): TriggerIndex {
  const byFirst = new Map<string, Trigger[]>();
  for (const trigger of triggers) {
    const list = byFirst.get(trigger.words[0]) ?? [];
    list.push(trigger);
    byFirst.set(trigger.words[0], list);
  }
  // Longest phrases first, so "no evidence of" wins over "no".
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { byFirst };
}

const DEFAULT_INDEX = index(CONTEXT_TRIGGERS);

interface FoundTrigger {
  trigger: Trigger;
  first: number;
  end: number;
}

function findTriggers(tokens: readonly Token[], from: number, to: number, triggers: TriggerIndex): FoundTrigger[] {
  const found: FoundTrigger[] = [];
  for (let i = from; i < to; ) {
    const candidates = triggers.byFirst.get(tokens[i].lower) ?? [];
    const hit = candidates.find((trigger) => trigger.words.every((word, k) => i + k < to && tokens[i + k].lower === word));
    if (hit) {
      found.push({ trigger: hit, first: i, end: i + hit.words.length });
      i += hit.words.length;
    } else i++;
  }
  return found;
}

export interface ContextTarget {
  tokenStart: number;
  tokenEnd: number;
}

/**
 * Assigns ConText flags to concepts within one sentence (token range [from, to)). A forward trigger
 * covers the tokens after it, a backward one those before it, up to a termination term, another
 * trigger of the same category, the sentence end, or 12 tokens.
 */
export function applyContext(tokens: readonly Token[], range: { from: number; to: number }, targets: readonly ContextTarget[], triggerList?: readonly Trigger[]): ContextFlags[] {
  const triggers = triggerList ? index(triggerList) : DEFAULT_INDEX;
  const found = findTriggers(tokens, range.from, range.to, triggers);
  const flags = targets.map<ContextFlags>(() => ({ negated: false, uncertain: false, historical: false, otherExperiencer: false }));
  const stops = (k: number, category: Trigger['category']): boolean =>
    found.some((f) => f.first === k && (f.trigger.category === 'terminate' || f.trigger.category === category || f.trigger.category === 'pseudo'));
  for (const { trigger, first, end } of found) {
    if (trigger.category === 'pseudo' || trigger.category === 'terminate') continue;
    const category = trigger.category;
    let scopeStart: number;
    let scopeEnd: number;
    if (trigger.direction === 'forward') {
      scopeStart = end;
      scopeEnd = end;
      while (scopeEnd < range.to && scopeEnd - end < MAX_SCOPE_TOKENS && !stops(scopeEnd, category)) scopeEnd++;
    } else {
      scopeEnd = first;
      scopeStart = first;
      while (scopeStart > range.from && first - scopeStart < MAX_SCOPE_TOKENS && !stops(scopeStart - 1, category)) scopeStart--;
    }
    targets.forEach((target, i) => {
      if (target.tokenStart >= scopeStart && target.tokenEnd <= scopeEnd) flags[i][category] = true;
    });
  }
  return flags;
}
