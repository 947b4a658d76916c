import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { RolesGuard } from './auth/roles.guard';
import { PmedApolloDriver, type PmedApolloDriverConfig } from './graphql/apollo-express.driver';
import { GraphQLOptionsFactory } from './graphql/graphql-options.factory';
import { PmedErrorFilter } from './graphql/pmed-error.filter';
import { HealthController } from './http/health.controller';
import { FEATURE_MODULES } from './features';
import { RuntimeModule } from './runtime/runtime.module';
import type { GatewayRuntime } from './runtime/runtime.tokens';

/** The gateway's Nest application, built around resources start-up has already opened. */
@Module({})
export class AppModule {
  static forRuntime(runtime: GatewayRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RuntimeModule.forRuntime(runtime),
        AuthModule,
        AuditModule,
        GraphQLModule.forRootAsync<PmedApolloDriverConfig>({
          driver: PmedApolloDriver,
          imports: [AuthModule],
          useClass: GraphQLOptionsFactory,
        }),
        ...FEATURE_MODULES,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: PmedErrorFilter },
      ],
    };
  }
}
