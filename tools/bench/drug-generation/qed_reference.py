"""Reference QED, Crippen logP and molecular weight from Python RDKit (Debian python3-rdkit) for
libs/drug-generation/src/lib/chemistry/chemistry.test.ts. Run: python3 qed_reference.py"""
import gzip
from rdkit import Chem, rdBase
from rdkit.Chem import QED, Crippen, Descriptors

SMILES = [
    'N=C(CCSCc1csc(N=C(N)N)n1)NS(N)(=O)=O',
    'CNC(=NCCSCc1nc[nH]c1C)NC#N',
    'CCCCCNC(=N)NN=Cc1c[nH]c2ccc(CO)cc12',
    'CC(=O)Oc1ccccc1C(=O)O',
]
with gzip.open(__import__('os').path.join(__import__('os').path.dirname(__file__), '../../../../shared/data/molecules/moses_test.csv.gz'), 'rt') as f:
    next(f)
    SMILES += [next(f).strip() for _ in range(12)]

print('# RDKit', rdBase.rdkitVersion)
for s in SMILES:
    m = Chem.MolFromSmiles(s)
    print(f"  ['{s}', {QED.qed(m):.4f}, {Crippen.MolLogP(m):.4f}, {Descriptors.MolWt(m):.3f}],")
