export * from './lib/database';
export { applyMigrations, findMigrationsDir, readMigrations, type MigrationFile, type MigrationReport, type ApplyMigrationsOptions } from './lib/migrator';
export * from './lib/testing';
export { clientOf, kindOf, isUniqueViolation, type DataSource } from './lib/repositories/source';
export * from './lib/repositories/api-key.repository';
export * from './lib/repositories/audit.repository';
export * from './lib/repositories/patient.repository';
export * from './lib/repositories/model-version.repository';
export { loadDemoData, DEFAULT_DEMO_SEED, DEFAULT_DEMO_ANCHOR, DEMO_SOURCE, type LoadDemoDataOptions, type DemoDataSummary } from './lib/demo/load-demo-data';
