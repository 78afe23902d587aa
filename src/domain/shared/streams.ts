/** Stream names of ENGINE.md: one person's record, one office's register book for a year. */
export const personStream = (idcs: string): string => `person-${idcs}`;
export const registerStream = (office: string, year: number): string =>
  `register-${office}-${year}`;
