import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { importDoctorCatalogue, importDrugCatalogue, type CatalogueImportResult } from '@pmed/job-handlers';
import { catalogueColumnsHelp, type CatalogueKind } from '@pmed/recommender';
import type { CliContext, CliOutput } from '../context';

const HELP_FOOTER = `
The first line is a header naming the columns, in any order (case, spaces, '_' and '-' in names are
ignored). Fields are separated by commas; a field holding a comma, a quote or a line break is written
in double quotes, with a quote inside written "". List columns separate their entries with ';' or '|'.
The whole file is one transaction: an unknown or missing column, or any malformed line (each is named
with its line number), imports nothing. Re-importing updates the rows it names; columns the file
leaves out keep their stored values.`;

const EXAMPLES: Record<CatalogueKind, string> = {
  doctor: `
Example:
  id,name,specialties,languages,procedures,outcomes,openSlots
  dr-lee,"Lee, Ana",cardiology;electrophysiology,en;es,catheter ablation,readmissionRate=0.06,4`,
  drug: `
Example:
  code,name,classes,indications,contraindications,interactions
  J01CA04,amoxicillin,penicillin;beta-lactam antibiotic,"Community-acquired pneumonia;N39.0",penicillin,
  B01AA03,warfarin,anticoagulant,Atrial fibrillation,"active bleeding;K27.9",aspirin;NSAID;J01FA09`,
};

/** `doctors FILE.csv` / `drugs FILE.csv`: the recommender's catalogues from CSV (added under `pmed import`). */
export function importCatalogueSubcommand(context: () => CliContext, output: CliOutput, kind: CatalogueKind): Command {
  const plural = `${kind}s`;
  return new Command(plural)
    .description(
      kind === 'doctor'
        ? 'import or update doctors (specialties, languages, procedures, outcome scores, open slots) from a CSV file, keyed by id'
        : 'import or update drugs (classes, indications, contraindications, interactions) from a CSV file, keyed by code',
    )
    .argument('<file>', 'CSV file with a header line')
    .option('--synthetic', `mark the ${plural} synthetic (test and demo data) when the file has no synthetic column`)
    .option('--json', 'print the report as JSON')
    .addHelpText('after', `\nColumns:\n${catalogueColumnsHelp(kind)}\n${HELP_FOOTER}\n${EXAMPLES[kind]}`)
    .action(async (file: string, options: { synthetic?: boolean; json?: boolean }) => {
      const text = await readFile(file);
      const db = await context().db();
      const input = { text, synthetic: Boolean(options.synthetic) };
      const result: CatalogueImportResult = kind === 'doctor' ? await importDoctorCatalogue(db, input) : await importDrugCatalogue(db, input);
      if (options.json) output.out(JSON.stringify({ file, ...result }));
      else output.out(`${plural} from ${file}: ${result.rows} row(s), created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}`);
    });
}
