import { Module } from '@nestjs/common';
import { MoleculesResolver } from './molecules.resolver';
import { MoleculesService } from './molecules.service';

@Module({ providers: [MoleculesResolver, MoleculesService] })
export class MoleculesModule {}
