import { skipServiceTests } from './testing';
import { migratorSuite } from './migrator.suite';

// Fails when PostgreSQL is unreachable, unless PMED_SKIP_SERVICE_TESTS=1.
(skipServiceTests() ? describe.skip : describe)('migrations on PostgreSQL', () => migratorSuite('postgres'));
