import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FhirController } from './fhir.controller';
import { FhirResolver } from './fhir.resolver';
import { FhirService } from './fhir.service';

@Module({ imports: [AuthModule], controllers: [FhirController], providers: [FhirResolver, FhirService] })
export class FhirModule {}
