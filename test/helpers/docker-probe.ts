// Is a Docker engine answering? Asked directly (GET /_ping) with a short timeout, because
// testcontainers' own discovery can take many seconds to give up on a machine without one.
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import path from 'node:path';

type Endpoint = { socketPath: string } | { host: string; port: number };

function candidates(env: NodeJS.ProcessEnv): Endpoint[] {
  const dockerHost = env['DOCKER_HOST'];
  if (dockerHost !== undefined && dockerHost !== '') {
    const url = new URL(dockerHost);
    if (url.protocol === 'unix:') return [{ socketPath: url.pathname }];
    if (url.protocol === 'tcp:') return [{ host: url.hostname, port: Number(url.port || 2375) }];
    return [];
  }
  const runtimeDir = env['XDG_RUNTIME_DIR'];
  const sockets = [
    '/var/run/docker.sock',
    path.join(homedir(), '.docker', 'run', 'docker.sock'),
    path.join(homedir(), '.docker', 'desktop', 'docker.sock'),
    path.join(homedir(), '.colima', 'default', 'docker.sock'),
    ...(runtimeDir === undefined ? [] : [path.join(runtimeDir, 'docker.sock')]),
  ];
  return sockets.filter((s) => existsSync(s)).map((socketPath) => ({ socketPath }));
}

function ping(endpoint: Endpoint, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { ...endpoint, path: '/_ping', method: 'GET', timeout: timeoutMs },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

export async function dockerEngineAnswers(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 1500,
): Promise<boolean> {
  const answers = await Promise.all(candidates(env).map((c) => ping(c, timeoutMs)));
  return answers.includes(true);
}
