import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import {
  checkMetaSignature,
  checkTwilioSignature,
  checkYCloudSignature,
} from '../../../processors/domain/webhooks/signatures.js';

const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
const sign = (secret: string, bytes: Buffer): string =>
  `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;

describe('checkMetaSignature (X-Hub-Signature-256)', () => {
  it('accepts the HMAC-SHA256 of the raw body with the app secret, any hex case', () => {
    expect(checkMetaSignature(body, sign('app-secret-1', body), ['app-secret-1'])).toBe('valid');
    expect(
      checkMetaSignature(
        body,
        sign('app-secret-1', body).toUpperCase().replace('SHA256', 'sha256'),
        ['app-secret-1'],
      ),
    ).toBe('valid');
  });

  it('accepts any of several secrets during a rotation', () => {
    const secrets = ['new-secret-2', 'old-secret-1'];
    expect(checkMetaSignature(body, sign('old-secret-1', body), secrets)).toBe('valid');
    expect(checkMetaSignature(body, sign('new-secret-2', body), secrets)).toBe('valid');
  });

  it('refuses another secret, another body, a malformed or a missing header', () => {
    expect(checkMetaSignature(body, sign('someone-else', body), ['app-secret-1'])).toBe('invalid');
    const tampered = Buffer.from(body.toString().replace('[]', '[{}]'));
    expect(checkMetaSignature(tampered, sign('app-secret-1', body), ['app-secret-1'])).toBe(
      'invalid',
    );
    for (const header of ['sha1=abc', 'sha256=xyz', sign('app-secret-1', body).slice(0, -2)])
      expect(checkMetaSignature(body, header, ['app-secret-1'])).toBe('invalid');
    expect(checkMetaSignature(body, undefined, ['app-secret-1'])).toBe('missing');
    expect(checkMetaSignature(body, '', ['app-secret-1'])).toBe('missing');
    expect(checkMetaSignature(body, sign('app-secret-1', body), [])).toBe('invalid');
  });
});

describe('checkTwilioSignature (X-Twilio-Signature)', () => {
  // The example of Twilio's webhook security documentation.
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params: [string, string][] = [
    ['CallSid', 'CA1234567890ABCDE'],
    ['Caller', '+14158675309'],
    ['Digits', '1234'],
    ['From', '+14158675309'],
    ['To', '+18005551212'],
  ];

  it("matches Twilio's documented example, whatever the parameter order", () => {
    expect(checkTwilioSignature(url, params, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', ['12345'])).toBe(
      'valid',
    );
    expect(
      checkTwilioSignature(url, [...params].reverse(), 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', [
        'other-token',
        '12345',
      ]),
    ).toBe('valid');
  });

  it('refuses another URL, a changed parameter, another token or no header', () => {
    const sig = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
    expect(checkTwilioSignature(url.replace('https', 'http'), params, sig, ['12345'])).toBe(
      'invalid',
    );
    const changed = params.map(([k, v]): [string, string] => [k, k === 'Digits' ? '9' : v]);
    expect(checkTwilioSignature(url, changed, sig, ['12345'])).toBe('invalid');
    expect(checkTwilioSignature(url, params, sig, ['54321'])).toBe('invalid');
    expect(checkTwilioSignature(url, params, undefined, ['12345'])).toBe('missing');
  });
});

describe('checkYCloudSignature (YCloud-Signature)', () => {
  const T = 1_790_000_000;
  const now = { nowSeconds: T + 10, toleranceSeconds: 300 };
  const s = (secret: string, t: number, bytes: Buffer = body): string =>
    createHmac('sha256', secret)
      .update(Buffer.concat([Buffer.from(`${t}.`), bytes]))
      .digest('hex');
  const header = (secret: string, t = T): string => `t=${t},s=${s(secret, t)}`;

  it('accepts the hex HMAC-SHA256 of "<t>.<raw body>" with any current secret', () => {
    expect(checkYCloudSignature(body, header('whsec-1'), ['whsec-1'], now)).toBe('valid');
    expect(checkYCloudSignature(body, header('old-2'), ['whsec-1', 'old-2'], now)).toBe('valid');
    expect(checkYCloudSignature(body, ` s=${s('whsec-1', T)} , t=${T}`, ['whsec-1'], now)).toBe(
      'valid',
    );
  });

  it('refuses another secret, another body, a signed time moved or a malformed header', () => {
    expect(checkYCloudSignature(body, header('guess'), ['whsec-1'], now)).toBe('invalid');
    const tampered = Buffer.from(body.toString().replace('[]', '[{}]'));
    expect(checkYCloudSignature(tampered, header('whsec-1'), ['whsec-1'], now)).toBe('invalid');
    const moved = `t=${T + 1},s=${s('whsec-1', T)}`;
    expect(checkYCloudSignature(body, moved, ['whsec-1'], now)).toBe('invalid');
    for (const bad of [`s=${s('whsec-1', T)}`, `t=${T}`, `t=x,s=${s('whsec-1', T)}`, 'garbage'])
      expect(checkYCloudSignature(body, bad, ['whsec-1'], now)).toBe('invalid');
    expect(checkYCloudSignature(body, undefined, ['whsec-1'], now)).toBe('missing');
    expect(checkYCloudSignature(body, ' ', ['whsec-1'], now)).toBe('missing');
  });

  it('refuses a timestamp outside the tolerance (a replay), unless the tolerance is 0', () => {
    const late = { nowSeconds: T + 301, toleranceSeconds: 300 };
    expect(checkYCloudSignature(body, header('whsec-1'), ['whsec-1'], late)).toBe('invalid');
    const early = { nowSeconds: T - 301, toleranceSeconds: 300 };
    expect(checkYCloudSignature(body, header('whsec-1'), ['whsec-1'], early)).toBe('invalid');
    const any = { nowSeconds: T + 86_400, toleranceSeconds: 0 };
    expect(checkYCloudSignature(body, header('whsec-1'), ['whsec-1'], any)).toBe('valid');
  });
});
