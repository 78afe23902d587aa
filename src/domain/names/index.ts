/**
 * Names: the keys that make two spellings of one name equal, the score of a suspected
 * duplicate, and the ranking of a name search. Pure: no I/O.
 */
export * from './arabic';
export * from './latin';
export * from './keys';
export * from './duplicates';
export * from './search';
