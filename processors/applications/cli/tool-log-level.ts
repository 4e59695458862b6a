// The log level of the operator tools (read, export, send): their output is the point, so the
// clients' informational lines (group joins, fetch pauses) stay out of the terminal unless
// LOG_LEVEL asks for them. Workers and servers keep the configured default (info).
export function toolLogLevel(
  env: Readonly<Record<string, string | undefined>>,
  configured: string,
): string {
  return env['LOG_LEVEL'] === undefined ? 'warn' : configured;
}
