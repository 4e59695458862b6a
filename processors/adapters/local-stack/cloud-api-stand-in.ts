// A local stand-in for the WhatsApp Cloud API's send endpoint, for tests and the demo (the
// real API cannot be reached from here). It implements the documented request and response
// shapes of `POST /{version}/{phone-number-id}/messages`:
//   200  {messaging_product, contacts: [{input, wa_id (phone sends), user_id (BSUID sends)}],
//         messages: [{id: "wamid.…", message_status: "accepted"}]}
//   4xx  {error: {message, type, code, error_subcode?, fbtrace_id}}: 190 bad token, 100 bad
//        parameter, 131062 a BSUID recipient for an authentication template, 130429 while
//        `throttleFirst` requests remain
// It counts requests per `biz_opaque_callback_data` (the sender puts its request id there),
// so a test can prove nothing was sent twice. Never used by the product's runtime paths.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CloudApiStandInOptions {
  token: string;
  /** Phone → BSUID, answered as user_id next to wa_id when `userIdForPhones`. */
  directory?: Readonly<Record<string, string>>;
  userIdForPhones?: boolean;
  /** The first N sends are refused with 130429 (throughput reached), Retry-After 0. */
  throttleFirst?: number;
  /** Milliseconds before answering (e.g. longer than the client's timeout). */
  delayMs?: number;
  /** A refusal of one send (else the built-in rules). */
  refuse?: (body: Record<string, unknown>) => { code: number; message: string } | null;
}

export interface CloudApiStandIn {
  /** The base URL to give the client (WAI_CLOUD_API_URL). */
  url: string;
  /** Sends received per biz_opaque_callback_data (requests without one under ''). */
  readonly received: Map<string, number>;
  /** Answers given, in order: message id or error code. */
  readonly answers: string[];
  close(): Promise<void>;
}

function fail(res: ServerResponse, status: number, code: number, message: string): void {
  const error = {
    message,
    type: code === 190 ? 'OAuthException' : 'WhatsAppBusinessApiError',
    code,
    fbtrace_id: randomBytes(8).toString('base64url'),
  };
  res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' });
  res.end(JSON.stringify({ error }));
}

function builtInRefusal(body: Record<string, unknown>): { code: number; message: string } | null {
  const template = body['template'] as { name?: unknown } | undefined;
  const auth = typeof template?.name === 'string' && /auth|otp/i.test(template.name);
  if (body['to'] === undefined && auth) {
    return { code: 131062, message: 'BSUID recipients are not supported for this message' };
  }
  return null;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

export async function startCloudApiStandIn(o: CloudApiStandInOptions): Promise<CloudApiStandIn> {
  const received = new Map<string, number>();
  const answers: string[] = [];
  let throttleLeft = o.throttleFirst ?? 0;
  let sequence = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const path = /^\/v\d+\.\d+\/([^/]+)\/messages$/.exec(req.url ?? '');
      if (req.method !== 'POST' || path === null) {
        fail(res, 404, 100, `Unknown path components: ${req.url ?? ''}`);
        return;
      }
      if (req.headers.authorization !== `Bearer ${o.token}`) {
        fail(res, 401, 190, 'Invalid OAuth access token - Cannot parse access token');
        return;
      }
      const body = await readJson(req);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        fail(res, 400, 100, '(#100) Invalid parameter: the body is not a JSON object');
        return;
      }
      const fields = body as Record<string, unknown>;
      const tag =
        typeof fields['biz_opaque_callback_data'] === 'string'
          ? fields['biz_opaque_callback_data']
          : '';
      received.set(tag, (received.get(tag) ?? 0) + 1);
      if (o.delayMs !== undefined) await new Promise((r) => setTimeout(r, o.delayMs));
      const to = fields['to'];
      const recipient = fields['recipient'];
      if (
        fields['messaging_product'] !== 'whatsapp' ||
        (to === undefined && recipient === undefined)
      ) {
        answers.push('100');
        fail(
          res,
          400,
          100,
          '(#100) The parameter messaging_product and to or recipient are required',
        );
        return;
      }
      if (throttleLeft > 0) {
        throttleLeft -= 1;
        answers.push('130429');
        fail(res, 429, 130429, 'Rate limit hit: Cloud API message throughput has been reached');
        return;
      }
      const refusal = (o.refuse ?? builtInRefusal)(fields);
      if (refusal !== null) {
        answers.push(String(refusal.code));
        fail(res, 400, refusal.code, refusal.message);
        return;
      }
      sequence += 1;
      const id = `wamid.${Buffer.from(`stand-in-${sequence}-${tag}`).toString('base64url')}`;
      answers.push(id);
      const contact =
        typeof to === 'string'
          ? {
              input: to,
              wa_id: to.replace(/^\+/, ''),
              ...(o.userIdForPhones === true && o.directory?.[to.replace(/^\+/, '')] !== undefined
                ? { user_id: o.directory[to.replace(/^\+/, '')] }
                : {}),
            }
          : { input: recipient, user_id: recipient };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          messaging_product: 'whatsapp',
          contacts: [contact],
          messages: [{ id, message_status: 'accepted' }],
        }),
      );
    })();
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
