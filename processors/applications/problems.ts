// The settings as given (environment variables, config-file settings turned into them) and
// the problems found in them, collected so that every one is reported at once.
export type Env = Readonly<Record<string, string | undefined>>;

export class Problems {
  readonly list: string[] = [];
  add(variable: string, message: string): void {
    this.list.push(`${variable}: ${message}`);
  }
}
