import { Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator';
import { SystemInfo } from './system.model';
import { SystemService } from './system.service';

@Resolver(() => SystemInfo)
export class SystemResolver {
  constructor(private readonly service: SystemService) {}

  @Roles('clinician', 'researcher', 'admin')
  @Query(() => SystemInfo, { description: 'Version, TensorFlow.js backend, database and job queue of this gateway' })
  system(): SystemInfo {
    return this.service.info();
  }
}
