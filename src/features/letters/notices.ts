/** What the letters page says after a letter was saved to the case's documents. */
export const LETTER_NOTICES = {
  saved: 'Letter saved to the case’s documents.',
} as const;
