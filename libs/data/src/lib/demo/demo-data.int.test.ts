import { skipServiceTests } from '../testing';
import { demoDataSuite } from './demo-data.suite';

// Fails when PostgreSQL is unreachable, unless PMED_SKIP_SERVICE_TESTS=1.
(skipServiceTests() ? describe.skip : describe)('demo data on PostgreSQL', () => demoDataSuite('postgres'));
