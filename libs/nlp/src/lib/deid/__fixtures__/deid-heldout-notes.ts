/**
 * A HELD-OUT de-identification set: 14 synthetic notes written after the rules were frozen and
 * scored once before any rule was changed (docs/benchmarks.md gives both runs). Each note takes the
 * habits of a different author: terse abbreviations, templated EHR headers, dictated prose, lower
 * case, European and written-out dates, dotted and international phones, signatures without
 * credentials. Identifiers are invented and marked `{{TYPE|text}}` as in deid-gold-notes.ts
 * (parseGoldNote reads both); the state is not an identifier under Safe Harbor, so it is unmarked.
 */
export const DEID_HELDOUT_NOTES: string[] = [
  `ADMISSION H&P
Pt name: {{NAME|Beatrice Kowalczyk}}   DOB: {{DATE|02-Aug-1929}}   MRN#{{MRN|K00917734}}
Adm {{DATE|Feb 9th}}, attending {{NAME|Dr. Obi Nwachukwu}}.
{{AGE|94}} yo F from nursing home w/ fever, dysuria. Hx afib on apixaban 5 mg BID. WBC 14.2, lactate 2.3.
Son {{NAME|Tomasz}} (HCP) phone {{PHONE|312.555.0187}}. Plan: ceftriaxone 1 g q24h, cultures pending.`,
  `Progress note -- {{DATE|11/23/21}}
S: feeling better today, no CP/SOB. Ambulated 200 ft with PT.
O: T 37.1 C, BP 122/70, HR 76. Cr 1.4 (baseline 1.1).
A/P: {{AGE|91}}-yr-old man with CAP improving. Continue azithro day 3 of 5.
Discussed with daughter {{NAME|Maria Santos}} by phone.
{{NAME|J. Feldman}}, MD`,
  `TELEPHONE ENCOUNTER
Caller: {{NAME|Gloria Abernathy}} (patient's sister)
Callback #: {{PHONE|+1 (608) 555-2290}}
Patient {{NAME|Ruth Abernathy}} missed her infusion on {{DATE|Tuesday, April 2, 2024}}. Rescheduled for {{DATE|4/9}}.
Message taken by {{NAME|Kenji Watanabe}}, RN.`,
  `RADIOLOGY REPORT
Exam: CT chest w/o contrast     Accession: {{ID|RAD-2291834}}
Patient: {{NAME|Okonkwo, Adaeze}}     MRN: {{MRN|20044817}}     Exam date: {{DATE|2023.06.17}}
Comparison: {{DATE|12 January 2022}}.
FINDINGS: 6 mm nodule RUL, unchanged. No effusion. Reader: {{NAME|Helga Strand}} MD
Images available at {{URL|https://pacs.northvalley-health.example/viewer?study=88123}}`,
  `Social work note. Pt is a 58 y/o woman recently moved to {{LOCATION|Kalamazoo}} from {{LOCATION|El Paso}}.
Lives at {{ADDRESS|77 Birchwood Ct.}}, {{LOCATION|Portage}}, MI {{ZIP|49024}} with partner {{NAME|Dana Whitfield}}.
Medicaid ID {{HEALTH_PLAN|MI48802211K}}. Applying for SSDI; SSN on file {{SSN|394 28 1175}}.
Email for forms: {{EMAIL|dana.whitfield@postbox.example.net}}. Follow-up {{DATE|next Monday 5/13}}.`,
  `OPERATIVE REPORT
Date of operation: {{DATE|30/09/2022}}
Surgeon: {{NAME|Alessandro Ricci}}, MD. Assistant: {{NAME|Fatima Al-Sayed}}, PA-C.
Procedure: left total knee arthroplasty. Implant: femoral component, UDI {{DEVICE|(01)00889024516329(17)271231}}, lot {{DEVICE|LX5521}}.
EBL 150 mL. Tourniquet 62 minutes. Patient tolerated the procedure well.`,
  `ED triage
{{NAME|dwayne mccormick}}, 41M, BIBA after bicycle vs car on {{ADDRESS|Route 9}} near exit 14.
GCS 15, c/o L wrist pain. XR pending.
Pt's DL #{{LICENSE|S530-4128-9917}}. Car plate per police: {{VEHICLE|NY HTR-4471}}.
Contact wife {{NAME|Keisha}} @ {{PHONE|646-555-0133}}.`,
  `Discharge instructions for {{NAME|Mr. Henrik Lindgren}}
You were in the hospital from {{DATE|October 2}} to {{DATE|October 6, 2023}} for a COPD exacerbation.
Take prednisone 40 mg daily for 3 more days. Use albuterol 2 puffs every 4 hours as needed.
Questions: call the pulmonary clinic at {{PHONE|(503) 555-0161}} or fax forms to {{FAX|(503) 555-0162}}.
Your next appointment is with {{NAME|Dr. Castellanos}} on {{DATE|10/20/2023}} at 9:30 am.`,
  `PEDS WELL VISIT {{DATE|3/3/2024}}
Pt: {{NAME|Aiden Park}}  DOB {{DATE|3/1/2020}}  Guardian: {{NAME|Soo-jin Park}} (mother)
4 y/o here for well child check. Wt 16.8 kg (55th %ile). Vaccines: DTaP, IPV, MMR, varicella given.
Lives at {{ADDRESS|1208 Lakeshore Blvd, Unit 5}}, {{LOCATION|Evanston}}, IL {{ZIP|60202}}. Mom's cell {{PHONE|847-555-0190}}.`,
  `Home health visit. Client {{NAME|Walter Brennan-Hughes}} aged {{AGE|102}}, lives alone at {{ADDRESS|16 Old Mill Road}}, {{LOCATION|Brattleboro}}, VT {{ZIP|05301}}.
Home O2 concentrator s/n {{DEVICE|OC7731-22918}}. Skin intact. BP 138/84.
Niece {{NAME|Corinne}} visits on weekends. Medicare # {{HEALTH_PLAN|1EG4-TE5-MK72}}.
Nurse: {{NAME|Latoya Freeman}}, LPN`,
  `Consult note - Endocrinology
Thank you {{NAME|Dr. Yusuf}} for referring {{NAME|Ms. Ingrid Solberg}}, MRN {{MRN|330-118-902}}, DOB {{DATE|1/15/1962}}.
She is a 61 yo woman with Graves disease diagnosed in 2019. TSH < 0.01, free T4 3.2.
Plan: methimazole 10 mg daily, recheck labs in 6 weeks. Billing acct {{ACCOUNT|900044512}}.
Electronically signed: {{NAME|Rachel Goldberg}}, MD {{DATE|05/02/2023}} 14:22`,
  `Patient portal message (received {{DATE|7/18/2023}} 22:41, from IP {{IP|203.0.113.57}})
"hi this is {{NAME|carlos mendez}}, my blood sugars have been 250-300 since monday. should i increase the lantus? my number is {{PHONE|555 867 5309}}"
Reply by {{NAME|Nora Fitzgerald}}, CDE: increase glargine to 24 units nightly, log readings.`,
  `Behavioral health intake
Client: {{NAME|Yolanda Reyes-Ortiz}}. Referred by PCP {{NAME|Michael Chen}}.
Client is 33, employed at a warehouse in {{LOCATION|Bakersfield}}. Reports low mood since her father {{NAME|Ernesto}} died in {{DATE|June 2023}}.
PHQ-9 = 17. Denies SI. Safety plan reviewed. Emergency contact: brother {{NAME|Luis Reyes}}, {{PHONE|661-555-0148}}.
Claim #{{ID|CLM88213405}}.`,
  `Pharmacy note
Prescriber {{NAME|Elaine Drummond}}, NP, DEA {{LICENSE|BD4417729}}, NPI {{LICENSE|1467593820}}.
Pt {{NAME|Gustavo Lima}} (account {{ACCOUNT|ACC-5520193}}) picked up warfarin 5 mg #30 on {{DATE|Dec. 1}}.
INR 2.6 on {{DATE|11/28}}. Counselled on vitamin K intake. Pharmacy line {{PHONE|1-800-555-0177}}.
Workstation {{IP|10.42.7.19}}.`,
];
