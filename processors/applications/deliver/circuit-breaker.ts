// A circuit breaker per subscriber: after `failures` failed attempts in a row the endpoint is
// left alone for `cooldownMs` (deliveries wait instead of burning their retry budget against
// it), then one trial attempt decides: success closes it, failure opens it again.
export interface BreakerOptions {
  failures: number;
  cooldownMs: number;
}

export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly o: BreakerOptions,
    private readonly onChange: (open: boolean) => void = () => undefined,
  ) {}

  /** Milliseconds to wait before attempting now (0: go ahead). */
  waitMs(now: number): number {
    if (this.openUntil === null) return 0;
    if (now < this.openUntil) return this.openUntil - now;
    // Half-open: one trial at a time; the others wait a little and ask again.
    if (this.trialInFlight) return Math.min(1000, this.o.cooldownMs);
    this.trialInFlight = true;
    return 0;
  }

  record(success: boolean, now: number): void {
    this.trialInFlight = false;
    if (success) {
      this.consecutiveFailures = 0;
      if (this.openUntil !== null) {
        this.openUntil = null;
        this.onChange(false);
      }
      return;
    }
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= this.o.failures) {
      const wasOpen = this.openUntil !== null;
      this.openUntil = now + this.o.cooldownMs;
      if (!wasOpen) this.onChange(true);
    }
  }

  get open(): boolean {
    return this.openUntil !== null;
  }
}
