export { registerDrugGenerationJobs } from './register-drug-generation-jobs';
export * from './train-molecule-model';
export * from './molecule-service';
export { DEMO_MOLECULES } from './demo-molecules';
