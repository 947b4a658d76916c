import { repositorySuite } from './repositories.suite';

describe('repositories on SQLite', () => repositorySuite('sqlite'));
