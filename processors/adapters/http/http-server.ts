// Shared HTTP plumbing (node:http): listening with an error that names the setting, closing
// that does not wait for keep-alive connections, and request bodies read with a size cap.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WaiError } from '../../domain/errors.js';
import type { Logger } from '../logging/logger.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface HttpServerOptions {
  /** 0 picks a free port (see HttpServer.port). */
  port: number;
  host: string;
  handler: RequestHandler;
  /** What listens, for the error when the port cannot be bound, e.g. "ingress". */
  what: string;
  /** The setting named when the port cannot be bound, e.g. WAI_INGRESS_PORT. */
  portSetting: string;
  logger?: Logger;
}

export interface HttpServer {
  readonly host: string;
  readonly port: number;
  /**
   * Stops listening, closes idle keep-alive connections, lets requests in progress finish for
   * up to `graceMs` (default 0), then closes every connection left.
   */
  close(graceMs?: number): Promise<void>;
}

export function reply(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

export async function startHttpServer(o: HttpServerOptions): Promise<HttpServer> {
  const server = createServer((req, res) => {
    o.handler(req, res).catch((err: unknown) => {
      o.logger?.error({ err }, 'http request failed');
      if (!res.headersSent) reply(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    const refused = (err: Error): void => {
      const message = `${o.what} cannot listen on ${o.host}:${o.port}: ${err.message}`;
      reject(new WaiError('WAI_CONFIG', message, { field: o.portSetting, cause: err }));
    };
    server.once('error', refused);
    server.listen(o.port, o.host, () => {
      server.off('error', refused);
      server.on('error', (err) => o.logger?.error({ err }, 'http server error'));
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    host: o.host,
    port,
    close: (graceMs = 0) =>
      (closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
        if (graceMs === 0) server.closeAllConnections();
      })),
  };
}

export type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' };

/**
 * The request body, or `too-large` as soon as it passes `limit` bytes (announced by
 * Content-Length or counted while reading), without buffering the excess. After `too-large`
 * the request is left unread: answer with `connection: close` so the socket goes with it.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const announced = Number(req.headers['content-length'] ?? '0');
    if (announced > limit) {
      resolve({ ok: false, reason: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
      resolve({ ok: false, reason: 'too-large' });
    };
    const onEnd = (): void => resolve({ ok: true, body: Buffer.concat(chunks) });
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}
