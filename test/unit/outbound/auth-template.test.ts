// The documented rule for authentication templates (they need a phone: Meta 131062).
import { describe, expect, it } from '@jest/globals';
import { isAuthenticationTemplate } from '../../../processors/domain/outbound/auth-template.js';

const template = (t: Record<string, unknown>) => ({
  type: 'template',
  template: { name: 'x', ...t },
});

describe('isAuthenticationTemplate', () => {
  it('recognizes the client’s category flag, in any case', () => {
    expect(isAuthenticationTemplate(template({ category: 'AUTHENTICATION' }))).toBe(true);
    expect(isAuthenticationTemplate(template({ category: 'authentication' }))).toBe(true);
  });

  it('recognizes OTP buttons and OTP components', () => {
    for (const sub_type of ['otp', 'COPY_CODE', 'one_tap', 'zero_tap']) {
      expect(
        isAuthenticationTemplate(
          template({ components: [{ type: 'button', sub_type, index: '0' }] }),
        ),
      ).toBe(true);
    }
    expect(isAuthenticationTemplate(template({ components: [{ type: 'OTP' }] }))).toBe(true);
  });

  it('does not flag other templates or other messages', () => {
    expect(isAuthenticationTemplate(template({ category: 'MARKETING' }))).toBe(false);
    expect(
      isAuthenticationTemplate(template({ components: [{ type: 'button', sub_type: 'url' }] })),
    ).toBe(false);
    expect(isAuthenticationTemplate(template({ components: 'none' }))).toBe(false);
    expect(isAuthenticationTemplate({ type: 'text', text: { body: 'AUTHENTICATION' } })).toBe(
      false,
    );
    expect(isAuthenticationTemplate({ type: 'template' })).toBe(false);
  });
});
