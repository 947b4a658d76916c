/**
 * Well-known medicines (structures as commonly published), the training set of the demo model that
 * `molecules.train` builds when no molecules are given, so a new installation can generate at once.
 * A real model trains on a proper set (e.g. the MOSES training set) passed as `smiles`.
 */
export const DEMO_MOLECULES: readonly string[] = [
  'CC(=O)Oc1ccccc1C(=O)O', // aspirin
  'CC(=O)Nc1ccc(O)cc1', // paracetamol
  'CC(C)Cc1ccc(C(C)C(=O)O)cc1', // ibuprofen
  'Cn1cnc2c1c(=O)n(C)c(=O)n2C', // caffeine
  'COc1ccc2cc(C(C)C(=O)O)ccc2c1', // naproxen
  'CN(C)C(=N)NC(=N)N', // metformin
  'OC(=O)Cc1ccccc1Nc1c(Cl)cccc1Cl', // diclofenac
  'CNCCC(Oc1ccc(C(F)(F)F)cc1)c1ccccc1', // fluoxetine
  'CN1CCC(=C2c3ccccc3C=Cc3ccccc32)CC1', // cyproheptadine
  'CN(C)CCCN1c2ccccc2CCc2ccccc21', // imipramine
  'Clc1ccc2c(c1)C(c1ccccc1)=NCC(=O)N2C', // diazepam
  'CCN(CC)CC(=O)Nc1c(C)cccc1C', // lidocaine
  'CC(C)NCC(O)COc1cccc2ccccc12', // propranolol
  'CC(C)NCC(O)c1ccc(O)c(O)c1', // isoprenaline
  'NCCc1ccc(O)c(O)c1', // dopamine
  'CNC(C)Cc1ccccc1', // methamphetamine
  'CC(N)Cc1ccccc1', // amphetamine
  'OC(=O)c1ccccc1O', // salicylic acid
  'CC12CCC3c4ccc(O)cc4CCC3C1CCC2O', // estradiol
  'CC(=O)OCC(=O)C1(O)CCC2C3CCC4=CC(=O)CCC4(C)C3C(O)CC21C', // hydrocortisone acetate
  'Nc1ccc(S(=O)(=O)Nc2ccccn2)cc1', // sulfapyridine
  'Cc1onc(-c2ccccc2)c1C(=O)NC1C(=O)N2C1SC(C)(C)C2C(=O)O', // oxacillin
  'CC1(C)SC2C(NC(=O)Cc3ccccc3)C(=O)N2C1C(=O)O', // penicillin G
  'O=C(O)c1cn(C2CC2)c2cc(N3CCNCC3)c(F)cc2c1=O', // ciprofloxacin
  'CC(C)(C)NCC(O)c1ccc(O)c(CO)c1', // salbutamol
  'COc1ccc(CCN(C)CCCC(C#N)(c2ccc(OC)c(OC)c2)C(C)C)cc1OC', // verapamil
  'CCOC(=O)C1=C(COCCN)NC(C)=C(C(=O)OC)C1c1ccccc1Cl', // amlodipine
  'CC(C)OC(=O)C(C)(C)Oc1ccc(C(=O)c2ccc(Cl)cc2)cc1', // fenofibrate
  'CCCCc1nc(Cl)c(CO)n1Cc1ccc(-c2ccccc2-c2nnn[nH]2)cc1', // losartan
  'COc1ccc2[nH]c(S(=O)Cc3ncc(C)c(OC)c3C)nc2c1', // omeprazole
  'Clc1ccc(C(c2ccccc2)n2ccnc2)cc1', // clotrimazole-like
  'OC(c1ccc(Cl)cc1)(c1ccc(Cl)cc1)C1CCNCC1', // a haloperidol fragment
  'O=C(CCCN1CCC(O)(c2ccc(Cl)cc2)CC1)c1ccc(F)cc1', // haloperidol
  'CN1CCN(C2=Nc3cc(Cl)ccc3Nc3ccccc32)CC1', // clozapine
  'CCN(CC)C(=O)C1C=C2c3cccc4[nH]cc(c34)CC2N(C)C1', // an ergoline amide
  'COc1cc2c(cc1OC)C(=O)C(CC1CCN(Cc3ccccc3)CC1)C2', // donepezil
  'NC(=O)N1c2ccccc2C=Cc2ccccc21', // carbamazepine
  'CCC(C)C(=O)OC1CC(C)C=C2C=CC(C)C(CCC3CC(O)CC(=O)O3)C21', // lovastatin-like
  'CC(C)c1c(C(=O)Nc2ccccc2)c(-c2ccccc2)c(-c2ccc(F)cc2)n1CCC(O)CC(O)CC(=O)O', // atorvastatin
  'Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1', // celecoxib
  'CS(=O)(=O)c1ccc(C2=C(c3ccccc3)C(=O)OC2)cc1', // rofecoxib
  'Cc1ncc([N+](=O)[O-])n1CCO', // metronidazole
  'NC(=O)c1cnccn1', // pyrazinamide
  'CC(C)NCC(O)COc1ccc(CC(N)=O)cc1', // atenolol
  'CC(CS)C(=O)N1CCCC1C(=O)O', // captopril
  'CCCC(C)C1(CC)C(=O)NC(=O)NC1=O', // pentobarbital-like
  'OCC1OC(O)C(O)C(O)C1O', // glucose
];
