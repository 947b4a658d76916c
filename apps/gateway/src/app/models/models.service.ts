import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@pmed/data';
import { getModelVersion, listModelVersions, type ModelVersionListFilter } from '@pmed/job-handlers';
import { DATABASE } from '../runtime/runtime.tokens';
import type { ModelVersionModel } from './models.model';

@Injectable()
export class ModelsService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  list(filter: ModelVersionListFilter): Promise<ModelVersionModel[]> {
    return listModelVersions(this.database, filter);
  }

  get(id: string): Promise<ModelVersionModel> {
    return getModelVersion(this.database, id);
  }
}
