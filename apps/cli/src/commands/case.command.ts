import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { badInput } from '@pmed/core';
import { evaluateRisks, scoreTimelines } from '@pmed/case-prediction';
import { AuditRepository } from '@pmed/data';
import {
  CASE_TRAIN_KIND,
  ensureCaseBackend,
  findEncounterIds,
  loadCaseModel,
  loadEncounterTimelines,
  predictEncounterOutcome,
  resolveCaseModelVersion,
  runCaseTraining,
  validateCaseTrainParams,
  validateEncounterFilter,
  type CaseTrainParams,
} from '@pmed/job-handlers';
import type { CliContext, CliOutput } from '../context';
import { runLocalJob } from '../local-job';

const num = (v: string | undefined, field: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw badInput(field, `must be a number, got ${v}`);
  return n;
};

interface TrainFlags {
  name?: string;
  outcome?: string;
  source?: string;
  kind?: string;
  hours?: string;
  binHours?: string;
  variables?: string;
  summaryStats?: string;
  cell?: string;
  units?: string;
  hidden?: string;
  dropout?: string;
  ensembleSize?: string;
  epochs?: string;
  batchSize?: string;
  learningRate?: string;
  seed?: string;
  patience?: string;
  folds?: string;
  imbalance?: string;
  calibration?: string;
}

function trainParams(flags: TrainFlags): CaseTrainParams {
  const filter = Object.fromEntries(Object.entries({ source: flags.source, kind: flags.kind }).filter(([, v]) => v !== undefined));
  const raw: Record<string, unknown> = {
    name: flags.name,
    outcome: flags.outcome,
    filter,
    hours: num(flags.hours, '--hours'),
    binHours: num(flags.binHours, '--bin-hours'),
    variables: flags.variables?.split(',').map((s) => s.trim()),
    summaryStats: flags.summaryStats === undefined ? undefined : flags.summaryStats.trim() === 'none' ? [] : flags.summaryStats.split(',').map((s) => s.trim()),
    cell: flags.cell,
    units: num(flags.units, '--units'),
    hidden: num(flags.hidden, '--hidden'),
    dropout: num(flags.dropout, '--dropout'),
    ensembleSize: num(flags.ensembleSize, '--ensemble-size'),
    epochs: num(flags.epochs, '--epochs'),
    batchSize: num(flags.batchSize, '--batch-size'),
    learningRate: num(flags.learningRate, '--learning-rate'),
    seed: num(flags.seed, '--seed'),
    patience: num(flags.patience, '--patience'),
    folds: num(flags.folds, '--folds'),
    imbalance: flags.imbalance,
    calibration: flags.calibration,
  };
  return validateCaseTrainParams(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
}

export function caseCommand(context: () => CliContext, output: CliOutput): Command {
  const command = new Command('case').description('case prediction: recurrent risk models over ICU timelines (train, evaluate, predict)');

  command
    .command('train')
    .description('train a risk model on the encounters in the database and register it as a case-prediction model version')
    .option('--name <name>', 'model name', 'default')
    .option('--outcome <key>', 'outcome key in Encounter.outcomes', 'inHospitalDeath')
    .option('--source <source>', "only patients from this source (e.g. 'physionet2012', 'demo')")
    .option('--kind <kind>', "only encounters of this kind (e.g. 'icu')")
    .option('--hours <h>', 'window from the start of the stay (default 48)')
    .option('--bin-hours <h>', 'bin width (default 1)')
    .option('--variables <list>', 'comma-separated variable codes (default: those in at least 1% of stays)')
    .option('--summary-stats <list>', "per-variable statistics over the window joined to the descriptors: comma-separated among first,last,min,max,mean,std,count, or 'none' (default first,last,min,max,mean,count)")
    .option('--cell <cell>', 'gru or lstm (default gru)')
    .option('--units <n>', 'recurrent units (default 32)')
    .option('--hidden <n>', 'dense units after joining descriptors (default 16)')
    .option('--dropout <x>', 'dropout (default 0.2)')
    .option('--ensemble-size <n>', 'networks trained from different seeds and averaged (default 5; 1 trains 5 times faster)')
    .option('--epochs <n>', 'most epochs (default 20)')
    .option('--batch-size <n>', 'batch size (default 32)')
    .option('--learning-rate <x>', 'Adam learning rate (default 0.001)')
    .option('--seed <n>', 'seed for splits, folds, initialisation and shuffling')
    .option('--patience <n>', 'early-stopping patience on validation AUROC (0: off; default 5)')
    .option('--folds <k>', 'k-fold cross-validation before the final model (default 0: none)')
    .option('--imbalance <how>', 'class-weights, focal or none')
    .option('--calibration <how>', 'platt, temperature or none')
    .action(async (flags: TrainFlags) => {
      const params = trainParams(flags);
      const db = await context().db();
      await runLocalJob<CaseTrainParams, Awaited<ReturnType<typeof runCaseTraining>>>({
        kind: CASE_TRAIN_KIND,
        title: 'case train',
        params,
        output,
        run: async (ctx, progress) => {
          const result = await runCaseTraining(db, ctx);
          progress.stop(`registered case-prediction model ${result.name} v${result.version} (${result.modelVersionId})`);
          output.out(JSON.stringify(result));
          return result;
        },
      });
    });

  command
    .command('evaluate')
    .description('score labelled encounters with a registered model: AUROC, AUPRC, Brier, ECE with bootstrap intervals, reliability curve')
    .option('--model-version <id>', 'model version id (default: latest ready version of --name)')
    .option('--name <name>', 'model name', 'default')
    .option('--source <source>', 'only patients from this source')
    .option('--kind <kind>', 'only encounters of this kind')
    .option('--seed <n>', 'bootstrap seed', '1')
    .action(async (flags: { modelVersion?: string; name: string; source?: string; kind?: string; seed: string }) => {
      const db = await context().db();
      await ensureCaseBackend();
      const version = await resolveCaseModelVersion(db, { modelVersionId: flags.modelVersion, name: flags.name });
      const model = await loadCaseModel(db, version.id);
      try {
        const filter = validateEncounterFilter(Object.fromEntries(Object.entries({ source: flags.source, kind: flags.kind }).filter(([, v]) => v !== undefined)));
        const loaded = await loadEncounterTimelines(db, await findEncounterIds(db, filter), { outcome: model.outcome, hours: model.spec.hours });
        const labelled = loaded.map((e) => e.timeline).filter((t) => t.label !== undefined);
        const scored = scoreTimelines(model, labelled);
        const usable = scored.map((s, i) => ({ s, label: labelled[i].label as number })).filter((x) => x.s.calibratedRisk !== null);
        if (usable.length === 0) throw badInput('encounters', `none of the ${loaded.length} selected encounters has the outcome "${model.outcome}" and observations`);
        const metrics = evaluateRisks({ labels: usable.map((x) => x.label), risks: usable.map((x) => x.s.calibratedRisk as number), seed: num(flags.seed, '--seed') ?? 1 });
        output.out(JSON.stringify({ modelVersionId: version.id, name: version.name, version: version.version, outcome: model.outcome, encounters: loaded.length, unlabelled: loaded.length - labelled.length, withoutObservations: labelled.length - usable.length, ...metrics }));
      } finally {
        model.model.dispose();
      }
    });

  command
    .command('predict')
    .description("one patient's risk (latest encounter unless --encounter), with interval and top drivers; the read is audited")
    .argument('<patient-id>', 'Patient id')
    .option('--encounter <id>', 'Encounter id (default: the latest)')
    .option('--model-version <id>', 'model version id (default: latest ready version of --name)')
    .option('--name <name>', 'model name', 'default')
    .option('--drivers <n>', 'how many drivers to print', '10')
    .option('--heatmap <file.svg>', 'write the variables x hours heat map here')
    .action(async (patientId: string, flags: { encounter?: string; modelVersion?: string; name: string; drivers: string; heatmap?: string }) => {
      const db = await context().db();
      await ensureCaseBackend();
      const version = await resolveCaseModelVersion(db, { modelVersionId: flags.modelVersion, name: flags.name });
      const model = await loadCaseModel(db, version.id);
      try {
        const p = await predictEncounterOutcome(db, { patientId, encounterId: flags.encounter, modelVersion: version, model, maxDrivers: num(flags.drivers, '--drivers') });
        await new AuditRepository(db.client).record({ action: 'read', entity: 'Encounter', entityId: p.encounterId, patientId: p.patientId, operation: 'cli case predict' });
        if (flags.heatmap && p.heatmapSvg) await writeFile(flags.heatmap, p.heatmapSvg);
        const { explanation, ...result } = p.result;
        output.out(JSON.stringify({ patientId: p.patientId, encounterId: p.encounterId, outcome: p.outcome, modelVersionId: version.id, version: version.version, ...result, drivers: explanation?.drivers ?? [] }));
      } finally {
        model.model.dispose();
      }
    });

  return command;
}
