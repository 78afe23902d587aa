/**
 * Legal history and time travel over one person's stream, pure: given the stored events,
 * the timeline, the record at a point on the two time axes, the difference between two
 * points, and the provenance of every field. Every record here is folded by `evolvePerson`,
 * the function the command side and the projections use: there is no second evolve.
 *
 * Two axes.
 * - Transaction time (`asOf`, an instant): what the register said then. Only the events
 *   recorded at or before it (`recordedAt`, the database clock), folded in recorded order.
 * - Valid time (`validAt`, a day): what was so in law on that day, as far as the register
 *   knows at `asOf` (today when absent). Of the known events, those in effect on that day
 *   are folded, still in recorded order (the order evolve was fed when they were decided);
 *   the others are skipped. Evolve is total (an event that does not fit leaves the state as
 *   it is), so skipping never breaks the fold.
 *
 * When an event is in effect (`effectOf`):
 * - Birth act (registered on time, late by declaratory judgment, or pre-declared): from the
 *   day of birth, not the day of registration. A digitised paper act: from the earliest day
 *   of the birth date it gives (`1962` counts from 1962-01-01), always when it gives none.
 * - Death act: from the day of death. The surviving spouse's "marriage dissolved by death":
 *   from that day too.
 * - Marriage: from the day of the marriage. Divorce: from the day the judgment or act puts it
 *   in effect (the event's date), however late it was registered: a divorce noted in 2020
 *   with effect from 2014 ends the marriage from 2014.
 * - Kafala: from the order's date; its end, from the end's date.
 * - Recognition of paternity and change of name: from the date of their legal basis
 *   (judgment, act, authorisation), else the day they were noted. A recognition is not
 *   back-dated to the birth here: it carries the new family name too, and one event cannot
 *   be split without a second evolve (a choice to revisit with the ministry's lawyers).
 * - Rectification: retroactive. It corrects what was always true, so it holds at every day
 *   on which the corrected act holds. A rectified birth (or death) date also moves the day
 *   from which the birth (death) act is in effect.
 * - Identification of an unidentified body: retroactive, like a rectification.
 * - Annulment: retroactive. The act is void from the start: at every day after the birth
 *   date the record reads "annulled" (before it, as before any birth, there is no record);
 *   an annulled death act means the person never died.
 * - The note that an extract was issued for a marriage file: from the day it was noted (it
 *   changes no field of the record, but it is on the act and in the history).
 * - An event of a type this version does not know is listed, never folded.
 *
 * Instants compare in the store's form (UTC, microseconds, `parseInstant`), so an `asOf`
 * copied from a reply's `recordedAt` includes that very event.
 */
export { actLabel, nameLabel } from './describe';
export { effectOf, inEffectOn, correctionsIn, asPersonEvent } from './effect';
export { parseInstant } from './instant';
export { personsNamed } from './persons';
export { diffShapes, diffStates, shapeOf, type Shape } from './shape';
export { diffBetween, provenance, recordAt, timeline, type RecordAt } from './history';
export type * from './types';
