/** Request bodies for the registration API, as a registrar would fill them in. */

export const PLACE = { region: '04', province: '04.441', commune: '04.441.01.01' };
export const FES = { region: '03', province: '03.251', commune: '03.251.01.02' };

export const name = (given: string, family: string, lat?: [string, string]) => ({
  given: { ar: given, ...(lat ? { lat: lat[0] } : {}) },
  family: { ar: family, ...(lat ? { lat: lat[1] } : {}) },
});

export const daysAgo = (n: number) =>
  new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

export const judgment = (reference: string, date = daysAgo(20)) => ({
  kind: 'judgment',
  court: 'Tribunal de première instance de Rabat',
  reference,
  date,
});

export const adoulAct = (reference: string, date: string) => ({
  kind: 'act',
  authority: 'Section de la justice de la famille, Rabat',
  reference,
  date,
});

/** A birth declared by the father within the legal period. */
export function birth(
  office: string,
  child: { given: string; family: string; sex: 'M' | 'F'; born?: string; lat?: [string, string] },
  parents?: { father?: string; mother?: string },
) {
  const fatherName = name('أحمد', child.family);
  return {
    office,
    place: PLACE,
    filiation: {
      kind: 'both-parents',
      father: { ...(parents?.father ? { idcs: parents.father } : {}), name: fatherName },
      mother: {
        ...(parents?.mother ? { idcs: parents.mother } : {}),
        name: name('خديجة', 'التازي'),
      },
    },
    declarant: { relation: 'father', name: fatherName },
    legalBasis: { kind: 'declaration' },
    child: {
      name: name(child.given, child.family, child.lat),
      sex: child.sex,
      born: { date: child.born ?? daysAgo(3), time: '08:10' },
    },
  };
}

/** An adult's birth registered decades late, on a declaratory judgment. */
export function lateBirth(
  office: string,
  child: { given: string; family: string; sex: 'M' | 'F'; born: string },
  reference: string,
) {
  return {
    ...birth(office, child),
    declarant: { relation: 'self', name: name(child.given, child.family) },
    legalBasis: judgment(reference),
  };
}
