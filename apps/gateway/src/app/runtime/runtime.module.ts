import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ApiKeyRepository, AuditRepository } from '@pmed/data';
import { PrismaPatientReader, type PatientsPrismaClient } from '../patients/prisma-patient-reader';
import { RuntimeLifecycle } from './runtime-lifecycle';
import {
  API_KEY_VERIFIER,
  AUDIT_SINK,
  DATABASE,
  DATABASE_PROBE,
  GATEWAY_RUNTIME,
  JOB_QUEUE,
  PATIENT_READER,
  PMED_CONFIG,
  TENSOR_BACKEND,
  type ApiKeyVerifier,
  type AuditSink,
  type DatabaseProbe,
  type GatewayRuntime,
} from './runtime.tokens';

/** The one place where the gateway meets @pmed/data and @pmed/jobs; feature modules see only tokens. */
@Global()
@Module({})
export class RuntimeModule {
  static forRuntime(runtime: GatewayRuntime): DynamicModule {
    const { database } = runtime;
    const client = database.client as unknown as PatientsPrismaClient & { $queryRawUnsafe(sql: string): Promise<unknown> };
    const probe: DatabaseProbe = { ping: async () => void (await client.$queryRawUnsafe('SELECT 1')) };
    const providers = [
      { provide: GATEWAY_RUNTIME, useValue: runtime },
      { provide: PMED_CONFIG, useValue: runtime.config },
      { provide: DATABASE, useValue: database },
      { provide: JOB_QUEUE, useValue: runtime.queue },
      { provide: TENSOR_BACKEND, useValue: runtime.backend },
      { provide: API_KEY_VERIFIER, useValue: new ApiKeyRepository(database) satisfies ApiKeyVerifier },
      { provide: AUDIT_SINK, useValue: new AuditRepository(database) satisfies AuditSink },
      { provide: PATIENT_READER, useValue: new PrismaPatientReader(client) },
      { provide: DATABASE_PROBE, useValue: probe },
      RuntimeLifecycle,
    ];
    return { module: RuntimeModule, providers, exports: providers.filter((p) => p !== RuntimeLifecycle) };
  }
}
