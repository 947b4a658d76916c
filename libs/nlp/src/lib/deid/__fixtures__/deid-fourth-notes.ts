/**
 * A FOURTH de-identification set: 8 synthetic notes written after the rules were changed for the
 * third set (the city gazetteer, names before ages and roles, more labels and credentials), and
 * scored once with those rules, untouched since: the check that the changes carry over to notes they
 * were not made from. Styles: a urgent-care note, a geriatric assessment, a psychiatry letter, a
 * physiotherapy discharge, a school-nurse form, a travel-clinic note, a lab requisition and a
 * chaplaincy note. Identifiers are invented and marked `{{TYPE|text}}` as in deid-gold-notes.ts.
 */
export const DEID_FOURTH_NOTES: string[] = [
  `URGENT CARE
{{NAME|Marcus Delacroix}}, 38, presents with a 3-day cough and fever to 38.6 C after a conference in {{LOCATION|Minneapolis}}.
Lungs: scattered rhonchi. CXR: no consolidation. Rapid flu A positive.
Rx oseltamivir 75 mg BID x 5 days. Work note faxed to {{FAX|612-555-0129}}. Seen by {{NAME|Yvette Carmichael}}, FNP.`,
  `GERIATRIC ASSESSMENT {{DATE|10/04/2024}}
{{NAME|Mrs. Adelaide Thornbury}}, {{AGE|93}}, widowed, lives with her son in {{LOCATION|Des Moines}}; formerly a schoolteacher in {{LOCATION|Ames}}.
MoCA 21/30. Gait: TUG 16 s with cane. Two falls since {{DATE|July 2024}}.
Son {{NAME|Gerald}} manages medications; pill organiser reviewed. Medicare {{HEALTH_PLAN|5KX9-RT2-WM41}}.`,
  `Dear {{NAME|Dr. Lindholm}},
Re: {{NAME|Tobias Wexler}} (DOB {{DATE|22/07/1988}}), NHS-style number withheld, our ref {{ID|PSY-20931}}
I reviewed Mr {{NAME|Wexler}} on {{DATE|3 October 2024}}. His mood has lifted since sertraline was increased to 150 mg.
He has moved back to {{LOCATION|Milwaukee}} to be nearer his sister and will register with a GP there.
Kind regards, {{NAME|Helena Vuković}}, consultant psychiatrist`,
  `PHYSICAL THERAPY DISCHARGE SUMMARY
Patient: {{NAME|Rosa Ibáñez}}   Acct {{ACCOUNT|PT-00419932}}   Visits: 14
Dx: R rotator cuff repair ({{DATE|05/17/2024}}). Flexion now 160 deg, ER 70 deg, strength 4+/5.
Independent with HEP. Returning to her job at a {{LOCATION|Tacoma}} bakery next week.
Therapist: {{NAME|Owen Fairbanks}}, DPT`,
  `SCHOOL NURSE HEALTH FORM
Student: {{NAME|Lily Nakamura-Ortiz}}   Grade 4   DOB: {{DATE|2015-02-09}}
Asthma action plan on file; albuterol inhaler kept in the nurse office. Allergy: peanuts (epinephrine auto-injector).
Parent/guardian: {{NAME|Emiko Nakamura}}, cell {{PHONE|(971) 555-0144}}, email {{EMAIL|emiko.n@familymail.example}}.`,
  `TRAVEL CLINIC
Traveller {{NAME|Desmond Achterberg}}, 55, flying from {{LOCATION|Denver}} to Lima on {{DATE|Nov 12}} for a 3-week trek.
Vaccines: typhoid, hep A booster. Acetazolamide 125 mg BID for altitude starting the day before ascent.
Passport no. {{ID|X44817206}} recorded for the yellow fever waiver.`,
  `LAB REQUISITION
Patient {{NAME|Imani Okonkwo-Bell}}   MRN {{MRN|MR-6621048}}   Collected {{DATE|11/19/24}} 07:50
Tests: CMP, lipid panel, HbA1c. Fasting 12 h.
Ordering provider {{NAME|Stefan Petrovic}}, MD, NPI {{LICENSE|1730284416}}. Results to {{URL|https://results.labnet.example/r/8841}}.`,
  `CHAPLAINCY NOTE
Visited {{NAME|Mr. Cornelius Abbot}}, {{AGE|91}}, at family's request. He spoke of his years farming outside {{LOCATION|Lubbock}} and of his late wife {{NAME|June}}.
Prayed with patient and granddaughter {{NAME|Tessa}}. Will return Thursday. Rev. {{NAME|Miriam Osei}}, staff chaplain`,
];
