// Per-portfolio contact-book switch. Disabling deletes every entry and stops storing;
// re-enabling restores nothing and, like the launch, never captures earlier interactions.
export interface PortfolioSettings {
  portfolioId: string;
  contactBookEnabled: boolean;
  /** Re-enable time: interactions that occurred before it are not stored. */
  storeFrom: number | null;
  /** Event time of the last admin change. */
  changedAt: number | null;
}

export function defaultSettings(portfolioId: string): PortfolioSettings {
  return { portfolioId, contactBookEnabled: true, storeFrom: null, changedAt: null };
}

/** May an interaction at `at` store a (phone, BSUID) pair in this portfolio's contact book? */
export function canStorePair(settings: PortfolioSettings, launchAt: number, at: number): boolean {
  return settings.contactBookEnabled && at >= Math.max(launchAt, settings.storeFrom ?? launchAt);
}
