/**
 * Liaison and multi-agency meetings (PRODUCT.md steps 7 and 9).
 */

export const LIAISON_AGENCY_TYPES = [
  { code: 'gp_primary_care', label: 'GP or primary care' },
  { code: 'community_mental_health', label: 'Community mental health team' },
  { code: 'crisis_team', label: 'Crisis team' },
  { code: 'talking_therapies', label: 'NHS Talking Therapies' },
  { code: 'substance_misuse', label: 'Substance misuse service' },
  { code: 'housing', label: 'Housing' },
  { code: 'local_authority', label: 'Local authority' },
  { code: 'probation', label: 'Probation' },
  { code: 'education', label: 'Education' },
  { code: 'mappa', label: 'MAPPA' },
  { code: 'channel_panel', label: 'Channel panel' },
  { code: 'other', label: 'Other' },
] as const;

/**
 * Why the VSS contacted another agency. There is deliberately no "investigation": the VSS
 * makes no enquiries of the NHS for investigative purposes (PRODUCT.md rule 4).
 */
export const LIAISON_PURPOSES = [
  { code: 'safeguarding', label: 'Safeguarding' },
  { code: 'care_coordination', label: 'Care coordination' },
  { code: 'clinical_information', label: 'Clinical information' },
  { code: 'advice', label: 'Advice' },
] as const;

export const LIAISON_DIRECTIONS = [
  { code: 'outgoing', label: 'Outgoing: the VSS contacted them' },
  { code: 'incoming', label: 'Incoming: they contacted the VSS' },
] as const;

export const MEETING_TYPES = [
  { code: 'channel_panel', label: 'Channel panel' },
  { code: 'mappa', label: 'MAPPA meeting' },
  { code: 'professionals', label: 'Professionals’ meeting' },
  { code: 'strategy', label: 'Strategy meeting' },
] as const;

/** MAPPA categories (4: terrorist and terrorism-risk offenders) and management levels. */
export const MAPPA_CATEGORIES = [
  { code: '1', label: 'Category 1: registered sexual offenders' },
  { code: '2', label: 'Category 2: violent offenders' },
  { code: '3', label: 'Category 3: other dangerous offenders' },
  { code: '4', label: 'Category 4: terrorist and terrorism-risk offenders' },
] as const;

export const MAPPA_LEVELS = [
  { code: '1', label: 'Level 1: ordinary agency management' },
  { code: '2', label: 'Level 2: active multi-agency management' },
  { code: '3', label: 'Level 3: active multi-agency management, senior oversight' },
] as const;
