import { skipServiceTests } from '../testing';
import { repositorySuite } from './repositories.suite';

// Fails when PostgreSQL is unreachable, unless PMED_SKIP_SERVICE_TESTS=1.
(skipServiceTests() ? describe.skip : describe)('repositories on PostgreSQL', () => repositorySuite('postgres'));
