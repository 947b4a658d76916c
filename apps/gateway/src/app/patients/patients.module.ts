import { Module } from '@nestjs/common';
import { PatientsResolver } from './patients.resolver';
import { PatientsService } from './patients.service';

@Module({ providers: [PatientsResolver, PatientsService] })
export class PatientsModule {}
