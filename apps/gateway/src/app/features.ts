import { JobsModule } from './jobs/jobs.module';
import { PatientsModule } from './patients/patients.module';
import { SystemModule } from './system/system.module';

/** The gateway's GraphQL feature modules: one folder and one line here per platform module. */
export const FEATURE_MODULES = [SystemModule, PatientsModule, JobsModule];
