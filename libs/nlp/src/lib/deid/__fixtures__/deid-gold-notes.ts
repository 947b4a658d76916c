/**
 * A labelled de-identification test set: synthetic notes written for this project in the style of
 * discharge summaries, clinic letters and nursing notes. Every identifier is invented and marked
 * `{{TYPE|text}}`; the notes also hold look-alikes that must stay (doses, vitals, lab values, years,
 * ages under 90, drug and eponym names). See docs/benchmarks.md ("De-identification") for how it was
 * built and what it cannot show.
 */
export const DEID_GOLD_NOTES: string[] = [
  `DISCHARGE SUMMARY
Patient: {{NAME|Margaret O'Connell}}    MRN: {{MRN|00482913}}    Account #: {{ACCOUNT|A7731920}}
Admission date: {{DATE|03/14/2023}}    Discharge date: {{DATE|03/19/2023}}
Attending: {{NAME|Dr. Samuel Whitaker}}
HISTORY OF PRESENT ILLNESS: Mrs. {{NAME|O'Connell}} is a {{AGE|92}}-year-old woman with HTN and CHF admitted with shortness of breath.
She lives in {{LOCATION|Springfield}} with her daughter {{NAME|Ellen}}. BP 148/92, HR 88, potassium 4.1. Troponin negative x2.
She was started on furosemide 40 mg IV twice daily. Echocardiogram on {{DATE|March 15}} showed EF 35%.
Follow-up with {{NAME|Dr. Whitaker}} in 2 weeks; call {{PHONE|(217) 555-0142}} with questions.`,
  `CLINIC NOTE  {{DATE|2022-11-02}}
Name: {{NAME|Luis Ortega}}  DOB: {{DATE|7/4/1958}}  SSN: {{SSN|512-44-9821}}
Address: {{ADDRESS|4412 Maple Grove Avenue, Apt 3B}}, {{LOCATION|Fort Wayne}}, IN {{ZIP|46805}}
Insurance member ID: {{HEALTH_PLAN|XJH448210933}}
Mr. {{NAME|Ortega}} is a 64-year-old man with type 2 diabetes, A1c 8.2% in 2021, now 7.4%. He denies chest pain.
Metformin 1000 mg twice daily continued. Email {{EMAIL|lortega58@mailbox.example.com}} for portal access.
Seen by {{NAME|Priya Raman}}, NP.`,
  `NURSING NOTE
Pt {{NAME|Harold Jenkins}} resting comfortably. Wife {{NAME|Doris}} at bedside; she can be reached at {{PHONE|555-301-7788}}.
Pacemaker serial number {{DEVICE|PM2283341X}} checked by device clinic. Vitals stable: T 98.6 F, RR 16, SpO2 96% on 2 L.
Patient is {{AGE|97}} years old and hard of hearing. Fall precautions in place since {{DATE|January 3, 2024}}.`,
  `EMERGENCY DEPARTMENT NOTE
Chief Complaint: motor vehicle collision.
HPI: 34-year-old male driver, restrained, vehicle VIN {{VEHICLE|1HGCM82633A004352}}, license plate {{VEHICLE|7KDX219}}.
Driver's license {{LICENSE|D4402187}}. Brought in by EMS at 14:30. GCS 15. CT head negative.
Contact: brother {{NAME|Kevin Alvarez}} at {{PHONE|312.555.0199}}.
Records faxed to fax {{FAX|312-555-0100}}. Claim number {{ID|CLM-88231904}}.`,
  `RADIOLOGY REPORT
Accession number {{ID|RAD2023118842}}. Exam date: {{DATE|12/01/2023}}.
Referred by {{NAME|Dr. Helen Park}}. Images available at {{URL|https://pacs.example-hospital.org/viewer?study=88231}}.
Uploaded from workstation {{IP|10.20.31.144}}.
FINDINGS: No acute cardiopulmonary process. Heart size normal. Prior study from 2019 reviewed.
IMPRESSION: Normal chest radiograph.`,
  `PROGRESS NOTE
{{NAME|Jonathan Meyers}} is a 45-year-old with asthma followed in pulmonology clinic.
He works as a teacher in {{LOCATION|Bloomington}}, IL {{ZIP|61701}}. FEV1 2.8 L (78% predicted).
Plan: continue albuterol and fluticasone 250 mcg. Return on {{DATE|6/12}}.
Electronically signed by {{NAME|Angela Brooks}}, MD on {{DATE|05/30/2023}}.`,
  `SOCIAL WORK NOTE
Met with patient {{NAME|Rosa Delgado}} and her son {{NAME|Miguel}}. Patient is {{AGE|91}} and lives alone at
{{ADDRESS|87 Cedar Lane}}, {{LOCATION|Madison}}, WI {{ZIP|53703}}. Medicaid number {{HEALTH_PLAN|MCD55120987}}.
Daughter {{NAME|Lucia Delgado}} ({{PHONE|608-555-0123}}) is the health care proxy.
Home health referral placed; agency fax {{FAX|(608) 555-0190}}.`,
  `OPERATIVE NOTE
Date of operation: {{DATE|April 22, 2023}}
Surgeon: {{NAME|Dr. Michael Tran}}. Assistant: {{NAME|Sarah Kim}}, PA-C.
PROCEDURE: Laparoscopic cholecystectomy. Implant id {{DEVICE|CLP-2231-77}} (clips).
Estimated blood loss 20 mL. Specimen {{ID|SP-0042198}} sent to pathology. Patient tolerated the procedure well.
Discharge on {{DATE|4/23/23}}.`,
  `TELEPHONE ENCOUNTER
Caller: {{NAME|Thomas Greene}}, son of the patient, {{PHONE|+1 773 555 0166}}.
Patient {{NAME|Evelyn Greene}}, {{AGE|94}} y/o, MRN {{MRN|MR-7732190}}, had a fall at home on {{DATE|Feb 2}}.
Advised ED evaluation. Patient portal user {{EMAIL|evelyn.greene@example.net}}.`,
  `CONSULTATION
Reason for consultation: atrial fibrillation.
Requested by {{NAME|Dr. Aisha Bello}}. Patient {{NAME|Walter Kowalczyk}}, age {{AGE|90}}, from {{LOCATION|Green Bay}}.
He has a history of MI in 2015 and takes warfarin 5 mg daily; INR 2.4 today.
NPI of consultant {{LICENSE|1629083347}}. Billing account {{ACCOUNT|ACCT-551029}}.
RECOMMENDATIONS: continue rate control with metoprolol 50 mg twice daily.`,
  `PEDIATRIC NOTE
{{NAME|Emma Lindgren}} is a 6-year-old girl seen with her mother {{NAME|Karin Lindgren}} for ear pain since {{DATE|10/08}}.
Temperature 101.2 F. Right TM bulging. Amoxicillin 90 mg/kg/day divided twice daily for 10 days.
School: {{ADDRESS|250 Oak Street}}, {{LOCATION|Duluth}}, MN {{ZIP|55802}}.`,
  `HOME HEALTH NOTE
Visit on {{DATE|9 March 2024}}. Patient {{NAME|George Albright}}, {{AGE|96}} years old, with COPD on home oxygen.
Oxygen concentrator serial {{DEVICE|OC-88120045}}. No fever, no chills. Weight 142 lbs, BP 130/78.
Medicare number {{HEALTH_PLAN|1EG4TE5MK72}}. Next visit {{DATE|March 16, 2024}}. Nurse {{NAME|Patricia Owens}}, RN.`,
];

export interface GoldSpan {
  start: number;
  end: number;
  type: string;
}

/** The text of a marked note and its labelled spans. */
export function parseGoldNote(marked: string): { text: string; spans: GoldSpan[] } {
  const spans: GoldSpan[] = [];
  let text = '';
  let at = 0;
  for (const match of marked.matchAll(/\{\{([A-Z_]+)\|([^}]*)\}\}/g)) {
    text += marked.slice(at, match.index);
    const value = match[2].replace(/^(?:Dr|Mr|Mrs|Ms)\. /, (title) => {
      text += title;
      return '';
    });
    spans.push({ start: text.length, end: text.length + value.length, type: match[1] });
    text += value;
    at = (match.index ?? 0) + match[0].length;
  }
  return { text: text + marked.slice(at), spans };
}
