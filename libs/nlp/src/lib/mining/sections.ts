/** Canonical section types; `other` is a heading this list does not know. */
export const SECTION_TYPES = [
  'chief_complaint', 'history_of_present_illness', 'past_medical_history', 'past_surgical_history', 'medications', 'allergies',
  'family_history', 'social_history', 'review_of_systems', 'physical_exam', 'vital_signs', 'labs', 'imaging', 'assessment', 'plan',
  'assessment_and_plan', 'diagnosis', 'procedure', 'findings', 'indications', 'anesthesia', 'complications', 'disposition',
  'subjective', 'objective', 'history', 'hospital_course', 'recommendations', 'other',
] as const;
export type SectionType = (typeof SECTION_TYPES)[number];

// Headings as clinicians and the MTSamples transcriptions write them (upper-case, followed by a colon).
const HEADINGS: [RegExp, SectionType][] = [
  [/^(chief complaint|cc|reason for (visit|consultation|consult|referral|admission|exam)|presenting complaint)$/, 'chief_complaint'],
  [/^(history of (the )?present illness|hpi|present illness|interval history)$/, 'history_of_present_illness'],
  [/^(past medical history|pmh|medical history|past history|past medical\/surgical history|past psychiatric history|immunizations)$/, 'past_medical_history'],
  [/^(past surgical history|psh|surgical history|previous surgery|past surgeries)$/, 'past_surgical_history'],
  [/^((current |home |discharge |admission )?medications?|meds|current meds|medications on admission|discharge medications)$/, 'medications'],
  [/^(allerg(y|ies)|drug allergies|medication allergies|nkda)$/, 'allergies'],
  [/^(family (medical )?history|fh|fhx|family hx)$/, 'family_history'],
  [/^(social history|sh|shx|social hx|habits)$/, 'social_history'],
  [/^(review of systems?|ros|systems review)$/, 'review_of_systems'],
  [/^(physical exam(ination)?|exam(ination)?|pe|general exam(ination)?|physical findings|heent|neck|lungs|chest|heart|cardiac|cardiovascular|abdomen|extremities|neurologic(al)?|skin|general|gu|gi|genitalia|musculoskeletal|ms|cn|motor|sensory|mental status exam(ination)?)$/, 'physical_exam'],
  [/^(vital signs|vitals)$/, 'vital_signs'],
  [/^(laboratory (data|studies|values|results)?|labs?|lab data|diagnostic (studies|data|tests))$/, 'labs'],
  [/^(imaging|radiology|x-rays?|ct scan|mri|ekg|ecg|echocardiogram|interpretation|nerve conduction studies|needle emg)$/, 'imaging'],
  [/^(assessment and plan|a\/p|assessment\/plan|impression and plan)$/, 'assessment_and_plan'],
  [/^(assessment|impression|clinical impression|a|conclusion|summary|discussion|axis (i|ii|iii|iv|v))$/, 'assessment'],
  [/^(plan|treatment plan|p|plan of care|postoperative plan)$/, 'plan'],
  [/^((preoperative|postoperative|pre-operative|post-operative|preop|postop|preprocedure|postprocedure|final|admitting|discharge|principal|secondary) diagnos[ie]s( ?\(es\))?|diagnos[ie]s|dx)$/, 'diagnosis'],
  [/^(procedures?( performed)?|operation( performed)?|name of (the )?(procedure|operation)|description of (the )?(procedure|operation)|procedure in detail|technique|operative procedure( in detail)?|title of (the )?operation|procedure details?|details of (the )?procedure|procedure note|operative note|operations( performed)?|informed consent)$/, 'procedure'],
  [/^(findings|operative findings|intraoperative findings|gross findings|abnormal findings|results|pathology)$/, 'findings'],
  [/^(indications?( for (the )?(procedure|operation|surgery|study))?)$/, 'indications'],
  [/^(anesthesia|anesthetic)$/, 'anesthesia'],
  [/^(complications|estimated blood loss|blood loss|ebl|specimens?|drains|tubes and drains|fluids( received)?|urine output|tourniquet time|hemostasis|counts)$/, 'complications'],
  [/^(disposition|condition|condition on discharge|discharge (instructions|condition|plan)|follow[- ]?up)$/, 'disposition'],
  [/^(subjective|s)$/, 'subjective'],
  [/^(objective|o)$/, 'objective'],
  [/^(history|hx|brief history|clinical history|clinical|history and physical)$/, 'history'],
  [/^(hospital course|course in hospital|ed course|emergency department course|course)$/, 'hospital_course'],
  [/^(recommendations?|consultant recommendations)$/, 'recommendations'],
];

export interface Section {
  type: SectionType;
  heading: string;
  /** Offsets of the heading text. */
  headingStart: number;
  /** Offsets of the section body (after the colon, up to the next heading). */
  start: number;
  end: number;
}

// A heading: upper-case words (or a title-case line start) ending in a colon; MTSamples joins its
// lines with commas, so a comma also counts as a break before one.
const HEADING_PATTERN = /(^|[\n,.;]\s*|\s{2,})([A-Z][A-Z0-9 /&'()-]{0,58}[A-Z)]|[A-Z][a-z]+(?: [A-Za-z]+){0,5}(?=:\s*\n?))\s*:/g;

export function classifyHeading(heading: string): SectionType {
  const key = heading.toLowerCase().replace(/\s+/g, ' ').trim();
  for (const [pattern, type] of HEADINGS) if (pattern.test(key)) return type;
  return 'other';
}

/** Splits a note into sections by its headings; text before the first heading is left out. */
export function detectSections(text: string): Section[] {
  const found: { heading: string; headingStart: number; bodyStart: number }[] = [];
  for (const match of text.matchAll(HEADING_PATTERN)) {
    const heading = match[2].trim();
    const isUpper = heading === heading.toUpperCase();
    // A title-case phrase is a heading only when the list knows it (prose has colons too).
    if (!isUpper && classifyHeading(heading) === 'other') continue;
    const headingStart = (match.index ?? 0) + match[0].indexOf(match[2]);
    found.push({ heading, headingStart, bodyStart: (match.index ?? 0) + match[0].length });
  }
  return found.map((item, i) => {
    let start = item.bodyStart;
    while (start < text.length && /[\s,]/.test(text[start])) start++;
    let end = i + 1 < found.length ? found[i + 1].headingStart : text.length;
    while (end > start && /[\s,]/.test(text[end - 1])) end--;
    return { type: classifyHeading(item.heading), heading: item.heading, headingStart: item.headingStart, start, end };
  });
}

/** The section holding a character offset, if any. */
export function sectionAt(sections: readonly Section[], offset: number): Section | undefined {
  return sections.find((section) => offset >= section.headingStart && offset < Math.max(section.end, section.start + 1));
}
