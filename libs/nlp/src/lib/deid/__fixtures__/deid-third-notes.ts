/**
 * A THIRD de-identification set: 12 synthetic notes written after the held-out set's fixes, scored
 * once with the rules as they stood (docs/benchmarks.md gives that run and the one after the
 * gazetteer of cities was added). Styles not in the other sets: a nephrology clinic letter, an
 * occupational-health form, an obstetric triage note, a dental referral, a hospice note, a transfer
 * summary, a research-study visit, a wound-care flow sheet, an addiction-medicine note, an allergy
 * clinic note, a cardiology device check and a neurology e-consult. Cities appear the way notes
 * mention them, mostly with no cue at all ("her Tucson cardiologist", "the Spokane plant"), some
 * of them small towns. Identifiers are invented and marked `{{TYPE|text}}` as in deid-gold-notes.ts.
 */
export const DEID_THIRD_NOTES: string[] = [
  `Dear {{NAME|Dr. Okafor}},
I saw {{NAME|Mrs. Philippa Grantham}} (d.o.b. {{DATE|14/03/1951}}, hospital no. {{MRN|RX4471920}}) in the renal clinic on {{DATE|8 November 2023}}.
Her eGFR has drifted from 38 to 31 over a year. Potassium 5.4. She spends the winters with her daughter in {{LOCATION|Tucson}} and sees her {{LOCATION|Tucson}} cardiologist there.
We discussed starting dapagliflozin 10 mg. I will see her again in three months.
Yours sincerely, {{NAME|Anand Iyer}}, consultant nephrologist`,
  `OCCUPATIONAL HEALTH - RETURN TO WORK
Employee: {{NAME|Tremaine Hollis}}   Employee ID {{ID|EMP-0048213}}   Date of injury: {{DATE|09-02-2023}}
Works second shift at the {{LOCATION|Spokane}} plant as a forklift operator. Lumbar strain, improving with PT.
May return to modified duty, no lifting over 20 lb, from {{DATE|Oct 2}}. Claim number {{ID|WC-77310498}}.
Examiner: {{NAME|Rosalind Achebe}}, DO`,
  `OB triage {{DATE|2/11/24}} 03:15
G2P1 at 36+2 wks c/o decreased fetal movement x 6 h. FHR 140s, moderate variability, + accels. NST reactive.
Pt {{NAME|Keely Donovan}}, 27, drove in from {{LOCATION|Paducah}} tonight. Partner {{NAME|Shane}} at bedside, cell {{PHONE|270 555 0134}}.
Discharged home with kick counts. F/u with {{NAME|Dr. Abimbola}} Monday.`,
  `Dental referral
Re: {{NAME|Osvaldo Fuentes}}, age 43, member ID {{HEALTH_PLAN|DLT-44820917}}
Please evaluate #30 for RCT; periapical radiolucency on PA film taken {{DATE|1/8/2024}}.
Pt is allergic to penicillin (hives). Prefers appointments after 4 pm; reachable at {{EMAIL|ofuentes77@mailhost.example}}.
Referring dentist: {{NAME|Miriam Haddad}}, DDS, {{ADDRESS|2150 Copper Ridge Parkway}}, Suite 110, {{LOCATION|Henderson}}, NV {{ZIP|89052}}.`,
  `HOSPICE NURSING NOTE
Visit {{DATE|3/29/2024}}. {{NAME|Mr. Ezekiel Varga}}, {{AGE|96}}, end-stage CHF, comfortable on morphine 5 mg q4h prn.
Family gathered; grandson flew in from {{LOCATION|Anchorage}} yesterday and his daughter {{NAME|Ilona}} is staying through the weekend.
Hospital bed and concentrator (serial {{DEVICE|INV-5528-0913}}) in place. On-call line {{PHONE|(802) 555-0171}}.`,
  `INTERFACILITY TRANSFER SUMMARY
Transferring facility: Mercy General, {{LOCATION|Cedar Rapids}}. Receiving: University Hospitals, {{LOCATION|Iowa City}}.
Pt {{NAME|Harlan Boyce}}, MRN {{MRN|00553318}}, 67M, STEMI s/p thrombolysis {{DATE|04/14/2024}} 18:40, persistent ST elevation.
Accepting physician {{NAME|Dr. Marisol Quintero}}. Report called to {{NAME|Devon}}, RN, at {{PHONE|319-555-0102}}.
Transport: critical care ground unit, vehicle {{VEHICLE|1FDUF4HT4GEC12345}}.`,
  `RESEARCH VISIT - WEEK 12
Study ID {{ID|NCT-SITE07-0142}}; participant initials withheld. Visit date {{DATE|2024-05-21}}.
Vitals stable; HbA1c 7.1 (baseline 8.4). No SAEs. Dispensed kit lot {{DEVICE|K7740B}}.
Participant reports a move to {{LOCATION|Albuquerque}} next month; transfer to the {{LOCATION|Albuquerque}} site was discussed.
Coordinator: {{NAME|Bettina Kraus}}. PI: {{NAME|Samuel Adeyemi}}, MD, PhD.`,
  `WOUND CARE FLOWSHEET
Date: {{DATE|06/03/2024}}  Patient: {{NAME|Lorraine Whitlock}}  Room 412
Sacral stage 3 pressure injury, 4.1 x 3.0 x 0.6 cm, 20% slough. Cleansed, alginate + foam.
Offloading mattress rental acct {{ACCOUNT|88120455}}. Nephew {{NAME|Curtis}} updated by phone {{PHONE|(417) 555-0111}}.
Signed {{NAME|P. Lindqvist}}, CWON`,
  `Addiction medicine follow-up
{{NAME|Jaxon Reilly}}, 29, on buprenorphine-naloxone 16-4 mg daily. UDS today + bup, neg fentanyl.
Working construction in {{LOCATION|Reno}} since spring; had been staying in a {{LOCATION|Sparks}} motel, now has an apartment.
PDMP checked {{DATE|7/15/24}}: single prescriber. Next visit 2 weeks. Pharmacy: Walgreens, {{PHONE|775-555-0146}}.
{{NAME|Farah Siddiqui}}, MD, DEA {{LICENSE|FS2283914}}`,
  `ALLERGY CLINIC
{{NAME|Priya Venkataraman}} is a 34-year-old teacher seen {{DATE|August 19, 2024}} for recurrent hives.
Symptoms began after a trip to {{LOCATION|Savannah}} in June. Tryptase 4.2. Skin testing deferred (on cetirizine).
Plan: cetirizine 10 mg BID, epinephrine autoinjector, food diary. Email results to {{EMAIL|pvenkat@schoolmail.example.org}}.
Dictated by {{NAME|Gordon Mbeki}} MD, transcribed {{DATE|8/20/24}}`,
  `DEVICE CLINIC
Pt: {{NAME|Albert Szymanski}}   DOB {{DATE|11/30/1940}}   MRN {{MRN|7781420}}
Dual-chamber pacemaker, model Azure XT, serial {{DEVICE|RNB402117S}}. Battery 8.5 yr. RA/RV thresholds stable.
Remote monitoring via portal {{URL|https://devicecare.example.com/pt/7781420}}; last transmission from home IP {{IP|198.51.100.23}}.
Lives near {{LOCATION|Lake Tahoe}}; his {{LOCATION|Truckee}} PCP gets a copy. Next check {{DATE|Dec 2024}}.`,
  `NEUROLOGY E-CONSULT
Question from {{NAME|Dr. Hwang}}: 52F with new episodic vertigo and left hearing loss. MRI IAC ordered.
Answer: pattern suggests Meniere disease; audiogram and ENT referral. If MRI shows a lesion, refer to the skull base clinic.
Patient {{NAME|Renata Osei}} works as a flight attendant based in {{LOCATION|Charlotte}}; fax answer to {{FAX|704-555-0163}}.
Consultant: {{NAME|Ibrahim Toure}}, MD, {{DATE|9/9/2024}}`,
];
