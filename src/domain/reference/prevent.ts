/**
 * What the case officer records about the Prevent referral (PRODUCT.md step 1), in the
 * Home Office's terms so VSS figures can be read beside the national statistics.
 */

/** Sector of the original Prevent referral, as in the Home Office statistics. */
export const REFERRAL_SECTORS = [
  { code: 'education', label: 'Education' },
  { code: 'police', label: 'Police' },
  { code: 'local_authority', label: 'Local authority' },
  { code: 'health', label: 'Health' },
  { code: 'community', label: 'Community' },
  { code: 'friends_family', label: 'Friends and family' },
  { code: 'prisons', label: 'Prisons' },
  { code: 'probation', label: 'Probation' },
  { code: 'other', label: 'Other' },
] as const;

/**
 * Type of concern, following the categories of the Home Office release "Individuals referred
 * to and supported through the Prevent Programme" since 2023/24 (which replaced "mixed,
 * unclear or unstable" with the finer categories below). Written from our best knowledge of
 * that release: check against the current one, and change labels here, not codes.
 */
export const CONCERN_TYPES = [
  { code: 'islamist', label: 'Islamist' },
  { code: 'extreme_right_wing', label: 'Extreme Right-Wing' },
  { code: 'left_anarchist_single_issue', label: 'Left Wing, Anarchist or Single Issue' },
  { code: 'conflicted', label: 'Conflicted' },
  { code: 'school_massacre', label: 'School massacre' },
  { code: 'incel', label: 'Incel' },
  { code: 'vulnerability_no_ideology', label: 'Vulnerability present but no ideology or CT risk' },
  { code: 'high_ct_risk_no_ideology', label: 'High CT risk but no ideology present' },
  { code: 'no_ideology_or_ct_risk', label: 'No ideology or CT risk' },
  { code: 'other', label: 'Other' },
] as const;

/** Where the person is in Prevent. Channel is referenced, never run here (rule 5). */
export const PREVENT_STAGES = [
  { code: 'police_led', label: 'Police-led case management' },
  { code: 'channel', label: 'Channel' },
] as const;

export const URGENCIES = [
  { code: 'routine', label: 'Routine' },
  { code: 'urgent', label: 'Urgent' },
] as const;
