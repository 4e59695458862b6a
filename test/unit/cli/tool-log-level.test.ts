import { describe, expect, it } from '@jest/globals';
import { toolLogLevel } from '../../../processors/applications/cli/tool-log-level.js';

describe('toolLogLevel', () => {
  it('keeps the tools quiet (warn) when LOG_LEVEL is not set', () => {
    expect(toolLogLevel({}, 'info')).toBe('warn');
  });

  it('uses the configured level once LOG_LEVEL is set, even to info', () => {
    expect(toolLogLevel({ LOG_LEVEL: 'info' }, 'info')).toBe('info');
    expect(toolLogLevel({ LOG_LEVEL: 'debug' }, 'debug')).toBe('debug');
  });
});
