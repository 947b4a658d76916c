import { Command } from 'commander';
import { importPhysionet2012 } from '@pmed/job-handlers';
import type { CliContext, CliOutput } from '../context';
import { commandProgress } from '../progress';

/** `pmed import physionet2012 DIR --outcomes FILE`: the PhysioNet/CinC 2012 challenge format. */
export function importPhysionetCommand(context: () => CliContext, output: CliOutput): Command {
  return new Command('physionet2012')
    .description('import PhysioNet/CinC 2012 ICU stays (<RecordID>.txt files) as patients, ICU encounters and observations; re-importing changes nothing')
    .argument('<dir>', 'folder of <RecordID>.txt record files (e.g. set-a)')
    .option('--outcomes <file>', 'Outcomes-*.txt with in-hospital death, SAPS-I, SOFA, length of stay and survival')
    .option('--json', 'print the report as JSON')
    .action(async (dir: string, options: { outcomes?: string; json?: boolean }) => {
      const db = await context().db();
      const progress = commandProgress(output, 'import physionet2012');
      const report = await importPhysionet2012(db, { dir, outcomesFile: options.outcomes, onProgress: (done, total) => progress.update({ fraction: done / total, message: `${done}/${total} records` }) });
      progress.stop(`imported ${report.records} records in ${report.seconds.toFixed(1)} s`);
      if (options.json) {
        output.out(JSON.stringify(report));
        return;
      }
      output.out(`records ${report.records}: created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}; observations written ${report.observations}`);
      const unknown = Object.entries(report.unknownParameters);
      if (unknown.length) output.err(`unknown parameters skipped: ${unknown.map(([k, n]) => `${k} (${n})`).join(', ')}`);
      if (report.outcomesWithoutRecord) output.err(`${report.outcomesWithoutRecord} outcome rows have no record in ${dir}`);
    });
}
