import { CasePredictionModule } from './case-prediction/case-prediction.module';
import { ImagingModule } from './imaging/imaging.module';
import { FhirModule } from './fhir/fhir.module';
import { JobsModule } from './jobs/jobs.module';
import { NlpModule } from './nlp/nlp.module';
import { PatientsModule } from './patients/patients.module';
import { RecommenderModule } from './recommender/recommender.module';
import { SystemModule } from './system/system.module';
import { MoleculesModule } from './molecules/molecules.module';
import { ModelsModule } from './models/models.module';

/** The gateway's GraphQL feature modules: one folder and one line here per platform module. */
export const FEATURE_MODULES = [SystemModule, PatientsModule, JobsModule, ImagingModule, FhirModule, RecommenderModule, NlpModule, CasePredictionModule, MoleculesModule, ModelsModule];
