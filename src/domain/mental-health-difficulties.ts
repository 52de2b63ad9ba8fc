import { PRIMARY_VULNERABILITIES } from './reference/assessment.ts';

/**
 * "Mental health difficulties", as PRODUCT.md measures them ("additional needs (93% of those
 * with mental health difficulties)"): any primary vulnerability except "no mental health needs
 * identified". The one definition the statistics count by and the generator is calibrated to.
 */
export const MENTAL_HEALTH_DIFFICULTIES: readonly string[] = PRIMARY_VULNERABILITIES.map(
  (p) => p.code,
).filter((code) => code !== 'no_mental_health_needs');

export const hasMentalHealthDifficulties = (primaryVulnerability: string | null): boolean =>
  primaryVulnerability !== null && MENTAL_HEALTH_DIFFICULTIES.includes(primaryVulnerability);
