import type { Command } from 'commander';
import type { CliContext, CliOutput } from '../context';
import { apiKeyCommand } from './apikey.command';
import { caseCommand } from './case.command';
import { dbCommand } from './db.command';
import { imagingCommand } from './imaging.command';
import { importCommand } from './import.command';
import { jobsCommand } from './jobs.command';
import { moleculesCommand } from './molecules.command';
import { nlpCommand } from './nlp.command';
import { recommenderCommand } from './recommender.command';
import { systemCommand } from './system.command';

/** Builds one top-level command; the context is made on first use so `--help` needs no database. */
export type CommandFactory = (context: () => CliContext, output: CliOutput) => Command;

/** Every top-level `pmed` command: one file and one line here per platform module. */
export const COMMANDS: readonly CommandFactory[] = [apiKeyCommand, dbCommand, jobsCommand, systemCommand, importCommand, imagingCommand, recommenderCommand, nlpCommand, caseCommand, moleculesCommand];
