// Runs in every integration test file before its tests. Jest 30 reads `testTimeout` from the
// global config only, so the integration tier's longer timeout is set here instead.
import { jest } from '@jest/globals';
import { INTEGRATION_TEST_TIMEOUT_MS } from './kafka.js';

jest.setTimeout(INTEGRATION_TEST_TIMEOUT_MS);
