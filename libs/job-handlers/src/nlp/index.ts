export * from './mine-notes';
export * from './train-language-model';
export { databaseDictionary } from './nlp-dictionary';
export { registerNlpJobs } from './register-nlp-jobs';
