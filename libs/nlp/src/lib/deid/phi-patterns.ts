import { cityAlternatives } from './us-cities';

/** The HIPAA Safe Harbor identifier types (45 CFR 164.514(b)(2)(i)) this library finds in text. */
export const PHI_TYPES = [
  'NAME', 'ADDRESS', 'LOCATION', 'ZIP', 'DATE', 'AGE', 'PHONE', 'FAX', 'EMAIL', 'SSN', 'MRN', 'HEALTH_PLAN', 'ACCOUNT', 'LICENSE',
  'VEHICLE', 'DEVICE', 'URL', 'IP', 'BIOMETRIC', 'ID',
] as const;
export type PhiType = (typeof PHI_TYPES)[number];

export interface PhiSpan {
  start: number;
  end: number;
  type: PhiType;
  text: string;
}

interface Rule {
  type: PhiType;
  pattern: RegExp;
  /** Capture group holding the identifier (0 = the whole match). */
  group?: number;
}

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC';
const STREET = '(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Circle|Cir|Parkway|Pkwy|Highway|Hwy)';
// Letters of names, Latin-1 and Latin Extended-A included ("Ibáñez", "Vuković"); Extended-A mixes
// both cases, which is harmless in the lower-case class.
const UPPER = 'A-Z\\u00c0-\\u00d6\\u00d8-\\u00de';
const LOWER = 'a-z\\u00df-\\u00f6\\u00f8-\\u00ff\\u0100-\\u017f';
const NAME_WORD = `[${UPPER}](?:[${LOWER}]+|'[${UPPER}][${LOWER}]+)(?:[-'][${UPPER}]?[${LOWER}]+)?`;
const FULL_NAME = `${NAME_WORD}(?:\\s+[A-Z]\\.)?(?:\\s+${NAME_WORD}){0,2}`;
const TITLES = '(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof)';
/** Words after which a capitalised word is a place. */
const PLACE_CUES =
  'lives in|living in|resides in|from|moved to|a move to|moving to|relocat(?:ed|ing) to|born in|grew up in|raised in|based in|staying in|trip to|travel(?:led|ed)? to|near';
const ID_VALUE = '([A-Z0-9][A-Z0-9-]{3,}[0-9][A-Z0-9-]*|[0-9]{4,})';
/** Labels match in any case; the name after them must still be capitalised, so the name part cannot use the i flag. */
const anyCase = (alternatives: string): string =>
  alternatives.replace(/[a-z]/gi, (c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`));
const label = (words: string) => new RegExp(`\\b(?:${words})\\s*(?:number|no\\.?|num|#|id)?\\s*[:#]?\\s*${ID_VALUE}`, 'gi');

// Order matters only for readability: overlaps are settled afterwards, longest span first.
const RULES: Rule[] = [
  { type: 'EMAIL', pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g },
  { type: 'URL', pattern: /\b(?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:)]/gi },
  { type: 'IP', pattern: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g },
  { type: 'IP', pattern: /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b/gi },
  { type: 'SSN', pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  // A few words may sit between the label and the number ("SSN on file 123 45 6789").
  { type: 'SSN', pattern: /\b(?:SSN|social security(?: number| no\.?)?)[^\d\n]{0,20}?(\d{9}|\d{3}[- ]\d{2}[- ]\d{4})\b/gi, group: 1 },
  { type: 'FAX', pattern: /\bfax(?:\s*(?:number|no\.?|#))?[^\d\n(]{0,20}?((?:\+?1[-.\s]?)?\(?\d{3}\)?[-.\s]?\d{3}[-.\s]\d{4})\b/gi, group: 1 },
  { type: 'PHONE', pattern: /(?:\+?1[-.\s]?)?(?:\(\d{3}\)\s?|\b\d{3}[-.\s])\d{3}[-.\s]\d{4}\b(?:\s*(?:x|ext\.?)\s*\d{1,5})?/g },
  { type: 'MRN', pattern: label('MRN|MR|medical record|record|chart|hospital number|hospital|patient id|patient number'), group: 1 },
  { type: 'HEALTH_PLAN', pattern: label('health plan|member id|member|insurance id|insurance|policy|beneficiary|medicare|medicaid|subscriber id|group'), group: 1 },
  { type: 'ACCOUNT', pattern: label('account|acct|billing|invoice'), group: 1 },
  { type: 'LICENSE', pattern: label("driver'?s licen[cs]e|licen[cs]e|DL|DEA|NPI|certificate|board certification"), group: 1 },
  { type: 'VEHICLE', pattern: label('VIN|license plate|plate|vehicle id'), group: 1 },
  // A plate is short and may carry its state: "plate per police: NY HTR-4471".
  { type: 'VEHICLE', pattern: new RegExp(`\\b(?:license plate|plate|tag)\\b[^:\\n]{0,20}:\\s*((?:(?:${STATES})\\s)?[A-Z0-9]{1,4}[- ]?[A-Z0-9]{1,4})\\b`, 'g'), group: 1 },
  { type: 'VEHICLE', pattern: /\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}\b/g },
  { type: 'DEVICE', pattern: label('serial|s/n|sn|lot|device id|device|implant id|UDI|pacemaker serial|model'), group: 1 },
  { type: 'LICENSE', pattern: /\bNPI\b[^0-9\n]{0,25}(\d{10})\b/g, group: 1 },
  { type: 'BIOMETRIC', pattern: label('fingerprint id|retina scan id|voiceprint id|biometric id'), group: 1 },
  { type: 'ID', pattern: label('case|claim|study id|specimen|accession|requisition|order|ticket|employee id|our ref|ref|reference|passport'), group: 1 },
  // GS1 unique device identifiers: (01) and a 14-digit GTIN, then application identifiers.
  { type: 'DEVICE', pattern: /\(01\)\d{14}(?:\(\d{2}\)[A-Za-z0-9-]+)*/g },
  // Dates: every element but a bare year is an identifier.
  { type: 'DATE', pattern: /\b(?:0?[1-9]|1[0-2])([/-])(?:0?[1-9]|[12]\d|3[01])(?:\1(?:\d{4}|\d{2}))?\b(?![/.]\d)/g },
  // Day first (European): only when the day cannot be a month, so 03/04 stays US month/day.
  { type: 'DATE', pattern: /\b(?:1[3-9]|2\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:\d{4}|\d{2})\b/g },
  { type: 'DATE', pattern: new RegExp(`\\b(?:0?[1-9]|[12]\\d|3[01])[- ]${MONTH}[- ](?:19|20)?\\d{2}\\b`, 'gi') },
  // With dots only when a year follows, so lab values such as 4.1 stay.
  { type: 'DATE', pattern: /\b(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01])\.(?:\d{4}|\d{2})\b/g },
  { type: 'DATE', pattern: /\b(?:19|20)\d{2}[/.-](?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|[12]\d|3[01])\b/g },
  { type: 'DATE', pattern: new RegExp(`\\b${MONTH}\\s+(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?(?:,?\\s+(?:19|20)\\d{2})?\\b`, 'g') },
  { type: 'DATE', pattern: new RegExp(`\\b(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}(?:,?\\s+(?:19|20)\\d{2})?\\b`, 'g') },
  { type: 'DATE', pattern: new RegExp(`\\b${MONTH}\\s+(?:of\\s+)?(?:19|20)\\d{2}\\b`, 'g') },
  // Ages over 89 (younger ages may stay).
  { type: 'AGE', pattern: /\b(9\d|1[0-4]\d)(?=[- ]?(?:years?|yrs?|y\/o|yo|y\.o\.)\b)/gi, group: 1 },
  { type: 'AGE', pattern: /\b(?:age[sd]?|aged)\s*:?\s*(9\d|1[0-4]\d)\b/gi, group: 1 },
  { type: 'AGE', pattern: /\b(?:[Pp]atient|[Pp]t|[Hh]e|[Ss]he) is (9\d|1[0-4]\d)\b(?!\s*(?:%|mg|kg|lbs?|mm|cm|bpm|percent|\/|\.\d))/g, group: 1 },
  // "Mr. Ezekiel Varga, 96, end-stage CHF": an age in commas right after a name.
  { type: 'AGE', pattern: new RegExp(`\\b${TITLES}?\\.?\\s*${FULL_NAME},\\s+(9\\d|1[0-4]\\d),`, 'g'), group: 1 },
  // Geography below the state: street addresses, cities before a state, ZIP codes.
  { type: 'ADDRESS', pattern: new RegExp(`\\b\\d{1,6}\\s+(?:[NSEW]\\.?\\s+)?(?:[A-Z][a-z]+\\s+){1,3}${STREET}\\b\\.?(?:,?\\s+(?:Apt|Apartment|Suite|Ste|Unit|#)\\.?\\s*[A-Z0-9-]+)?`, 'g') },
  { type: 'ADDRESS', pattern: /\b(?:P\.?\s?O\.?\s+Box)\s+\d+\b/gi },
  { type: 'ADDRESS', pattern: /\b(?:Route|Rte\.?|County Road|State Road|Interstate)\s+\d{1,4}[A-Z]?\b/g },
  { type: 'LOCATION', pattern: new RegExp(`\\b([A-Z][a-z]+(?:\\s[A-Z][a-z]+){0,2}),\\s+(?:${STATES})\\b`, 'g'), group: 1 },
  { type: 'LOCATION', pattern: new RegExp(`\\b(?:${PLACE_CUES})\\s+(?!${TITLES}\\b)((?:[A-Z][a-z]+)(?:\\s[A-Z][a-z]+){0,2})`, 'g'), group: 1 },
  // Cities of the gazetteer, cue or not; those that are also words or names only after a place word.
  { type: 'LOCATION', pattern: new RegExp(`\\b(?:${cityAlternatives('plain')})\\b(?![-'][A-Za-z])`, 'g') },
  { type: 'LOCATION', pattern: new RegExp(`\\b(?:in|from|to|near|of|around|outside(?: of)?)\\s+(${cityAlternatives('ambiguous')})\\b(?![-'][A-Za-z])`, 'g'), group: 1 },
  { type: 'ZIP', pattern: new RegExp(`\\b(?:${STATES})\\s+(\\d{5}(?:-\\d{4})?)\\b`, 'g'), group: 1 },
  { type: 'ZIP', pattern: /\b(?:zip(?:\s*code)?)\s*[:#]?\s*(\d{5}(?:-\d{4})?)\b/gi, group: 1 },
  // Names: after titles and labels, before credentials, after relations.
  { type: 'NAME', pattern: new RegExp(`\\b(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof)\\.?\\s+(${FULL_NAME})`, 'g'), group: 1 },
  { type: 'NAME', pattern: new RegExp(`\\b(?:${anyCase('patient|pt|name|patient name|client|caller|reply by|message taken by|reader|assistant|prescriber|attending|resident|fellow|physician|PCP|provider|surgeon|nurse|RN|signed by|dictated by|transcribed by|seen by|referred by|cc|contact|emergency contact|guardian|witness|signed|employee|coordinator|PI|investigator|examiner|interpreter|case manager|social worker')})\\s*[:,]?\\s+(${FULL_NAME})(?=[\\s,.;:)]|$)`, 'g'), group: 1 },
  // Lower-case names from triage lines ("dwayne mccormick, 41M") and self-introductions in messages.
  { type: 'NAME', pattern: /(?:^|\n)([A-Za-z][a-z'-]+ [A-Za-z][a-z'-]+),\s+\d{1,3}\s?(?:[MF]|yo|y\/o)\b/g, group: 1 },
  // A line that opens with a name and an age: "Jaxon Reilly, 29, on buprenorphine".
  { type: 'NAME', pattern: new RegExp(`(?:^|\\n)(${FULL_NAME}),\\s+(?:age\\s+)?\\d{1,3}(?:\\s?(?:[MF]|yo|y\\/o|years?))?,`, 'g'), group: 1 },
  // Letters and referrals: "Re: Osvaldo Fuentes, age 43".
  { type: 'NAME', pattern: new RegExp(`\\b(?:Re|RE|Regarding):\\s+(${FULL_NAME})(?=,|\\s*\\(|\\s+DOB|\\s*\\n)`, 'g'), group: 1 },
  // Signatures with a role instead of a credential: "Anand Iyer, consultant nephrologist".
  { type: 'NAME', pattern: new RegExp(`\\b(${FULL_NAME}),\\s+(?:consultant|attending|staff|charge|registered|clinical|nurse|physician|surgeon|pharmacist|therapist|coordinator|social worker|dietitian|psychologist|case manager)\\b`, 'g'), group: 1 },
  { type: 'NAME', pattern: /\b(?:[Tt]his is|[Mm]y name is)\s+(?!(?:a|an|the|my|not|about|to|for|just|so|very|really|what|how|urgent|regarding)\b)([A-Za-z][a-z'-]+ [A-Za-z][a-z'-]+)(?=[,.])/g, group: 1 },
  { type: 'NAME', pattern: new RegExp(`(?:^|\\n|\\.\\s+)(${FULL_NAME}) is an? \\d{1,3}[- ](?:year|month|week|day)[- ]old`, 'g'), group: 1 },
  { type: 'NAME', pattern: new RegExp(`\\b(${FULL_NAME}),?\\s+(?:MD|M\\.D\\.|DO|RN|NP|PA-C|PA|PhD|DDS|LPN|CNA|MSW|LCSW|PharmD|RPh|CDE|CNM|CRNA|RD|DPM|APRN|FNP|DNP|CNS|RRT|CWON|CWOCN|WOCN|PsyD|LMFT|LMSW|OTR|DPT)\\b`, 'g'), group: 1 },
  { type: 'NAME', pattern: new RegExp(`\\b(?:${anyCase('wife|husband|son|daughter|mother|father|brother|sister|spouse|partner|friend|aunt|uncle|granddaughter|grandson|niece|nephew')})(?:,)?\\s+(${FULL_NAME})(?=[\\s,.;:)]|$)`, 'g'), group: 1 },
];

// Words that the label rules would otherwise take for names ("Patient Denies", "Dr. Office").
const NOT_NAMES = new Set(['Dr', 'Mr', 'Mrs', 'Ms', 'Miss', 'Prof', 'The', 'This', 'He', 'She', 'His', 'Her', 'Is', 'Was', 'Has', 'Denies', 'Reports', 'States', 'Presents', 'Office', 'Notes', 'Note', 'Patient', 'History', 'With', 'And', 'Who', 'In', 'On', 'At', 'To', 'For', 'Of', 'Is', 'Had', 'Will', 'Not', 'No', 'Here', 'Today', 'Clinic', 'Hospital', 'Seen', 'Name', 'Unknown', 'Signed', 'Date', 'Time', 'Consent', 'Did', 'Does', 'Employee', 'Coordinator', 'Examiner', 'Interpreter', 'Participant', 'Re', 'Regarding', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);

/**
 * The name inside a match, without the label-like words a rule can take in at either end ("Signed
 * P. Lindqvist" before a credential gives "P. Lindqvist"): its offset in the match and its text.
 */
function trimName(text: string): { offset: number; text: string } | null {
  const words = text.split(/(\s+)/);
  while (words.length && NOT_NAMES.has(words[words.length - 1])) words.splice(-2, 2);
  let offset = 0;
  while (words.length && NOT_NAMES.has(words[0])) offset += words.splice(0, 2).join('').length;
  if (!words.length) return null;
  return { offset, text: words.join('') };
}

/** A word of a found name worth looking for elsewhere in the note: capitalised, three letters or more. */
const NAME_TOKEN = new RegExp(`^[${UPPER}][A-Za-z${UPPER}${LOWER}'-]{2,}$`);

/** Every identifier the rules find, overlaps settled (longest first), and names propagated. */
export function findPhi(text: string): PhiSpan[] {
  const candidates: PhiSpan[] = [];
  for (const rule of RULES) {
    for (const match of text.matchAll(rule.pattern)) {
      const group = rule.group ?? 0;
      let value = match[group];
      if (!value) continue;
      const start = (match.index ?? 0) + (group === 0 ? 0 : match[0].indexOf(value));
      let at = start;
      if (rule.type === 'NAME') {
        const trimmed = trimName(value);
        if (!trimmed) continue;
        value = trimmed.text;
        at += trimmed.offset;
      }
      candidates.push({ start: at, end: at + value.length, type: rule.type, text: value });
    }
  }
  // A name found once is found everywhere in the note (each of its words, capitalised).
  const nameWords = new Set(candidates.filter((c) => c.type === 'NAME').flatMap((c) => c.text.split(/\s+/).filter((w) => NAME_TOKEN.test(w))));
  for (const word of nameWords) {
    for (const match of text.matchAll(new RegExp(`(?<![\\w${UPPER}${LOWER}])${word}(?![\\w${UPPER}${LOWER}])`, 'g'))) {
      candidates.push({ start: match.index ?? 0, end: (match.index ?? 0) + word.length, type: 'NAME', text: word });
    }
  }
  // Longest first; on a tie a name beats a place ("Angela Brooks, MD" is not a city in Maryland).
  const rank = (type: PhiType): number => (type === 'NAME' ? 0 : type === 'LOCATION' ? 2 : 1);
  candidates.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || rank(a.type) - rank(b.type));
  const spans: PhiSpan[] = [];
  for (const candidate of candidates) {
    const last = spans[spans.length - 1];
    if (last && candidate.start < last.end) {
      if (candidate.end - candidate.start > last.end - last.start) spans[spans.length - 1] = candidate;
      continue;
    }
    spans.push(candidate);
  }
  return spans;
}
