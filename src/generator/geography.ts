/**
 * The territorial division the generator places people in. Regions, their provinces and
 * populations are those of the RGPH 2024 census (data/morocco-regions.json of the shared
 * design folder, copied here so the generator does not read files at run time). Provinces,
 * communes and civil-status offices are invented but consistent: 75 provinces, 1,503
 * communes coded `<region>.<nn>.<nnn>`, 2,405 offices `BEC-<nnnn>`, each tied to a commune
 * (large communes have several, as urban arrondissements do).
 */
import type { Place } from '../domain';
import { Random, cumulate } from './random';

export interface Region {
  code: string;
  nameFr: string;
  capital: string;
  provinces: number;
  population: number;
}

export const REGIONS: readonly Region[] = [
  {
    code: '01',
    nameFr: 'Tanger-Tétouan-Al Hoceïma',
    capital: 'Tanger',
    provinces: 8,
    population: 4030222,
  },
  { code: '02', nameFr: "L'Oriental", capital: 'Oujda', provinces: 8, population: 2294665 },
  { code: '03', nameFr: 'Fès-Meknès', capital: 'Fès', provinces: 9, population: 4467911 },
  { code: '04', nameFr: 'Rabat-Salé-Kénitra', capital: 'Rabat', provinces: 7, population: 5132639 },
  {
    code: '05',
    nameFr: 'Béni Mellal-Khénifra',
    capital: 'Béni Mellal',
    provinces: 5,
    population: 2525801,
  },
  {
    code: '06',
    nameFr: 'Casablanca-Settat',
    capital: 'Casablanca',
    provinces: 9,
    population: 7688967,
  },
  { code: '07', nameFr: 'Marrakech-Safi', capital: 'Marrakech', provinces: 8, population: 4892393 },
  {
    code: '08',
    nameFr: 'Drâa-Tafilalet',
    capital: 'Errachidia',
    provinces: 5,
    population: 1655623,
  },
  { code: '09', nameFr: 'Souss-Massa', capital: 'Agadir', provinces: 6, population: 3020431 },
  { code: '10', nameFr: 'Guelmim-Oued Noun', capital: 'Guelmim', provinces: 4, population: 448685 },
  {
    code: '11',
    nameFr: 'Laâyoune-Sakia El Hamra',
    capital: 'Laâyoune',
    provinces: 4,
    population: 451028,
  },
  {
    code: '12',
    nameFr: 'Dakhla-Oued Ed-Dahab',
    capital: 'Dakhla',
    provinces: 2,
    population: 219965,
  },
];

export const COMMUNES = 1503;
export const OFFICES = 2405;

export interface Commune {
  region: number;
  place: Place;
  /** The court of first instance of the province: judgments for this commune's acts. */
  court: string;
  offices: string[];
}

export interface Geography {
  /** Cumulative census weights of the regions. */
  regionWeights: number[];
  communes: Commune[][];
  /** Per region, cumulative weights of its communes (a few big towns, many small ones). */
  communeWeights: number[][];
}

/** Largest-remainder split of `total` in proportion to `weights`. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
  }
  return out;
}

/** Built from a fixed seed: office codes stay the same whatever the generation's seed. */
export function buildGeography(): Geography {
  const random = new Random(2405);
  const perRegion = apportion(
    COMMUNES,
    REGIONS.map((r) => r.provinces),
  );
  const communes: Commune[][] = [];
  const communeWeights: number[][] = [];
  const all: { commune: Commune; weight: number }[] = [];
  REGIONS.forEach((region, r) => {
    const list: Commune[] = [];
    const weights: number[] = [];
    const perProvince = apportion(perRegion[r] ?? 0, Array<number>(region.provinces).fill(1));
    perProvince.forEach((count, p) => {
      const province = `${region.code}.${String(p + 1).padStart(2, '0')}`;
      const court = `Tribunal de première instance, ${p === 0 ? region.capital : `${region.capital} ${province}`}`;
      for (let c = 0; c < count; c++) {
        const commune: Commune = {
          region: r,
          place: {
            region: region.code,
            province,
            commune: `${province}.${String(c + 1).padStart(3, '0')}`,
          },
          court,
          offices: [],
        };
        // Zipf-like sizes: the province seat is big, rural communes are small.
        const weight = (1 / Math.pow(c + 1, 0.9)) * (0.6 + random.next());
        list.push(commune);
        weights.push(weight);
        all.push({ commune, weight });
      }
    });
    communes.push(list);
    communeWeights.push(weights);
  });
  // One office per commune, the rest to the biggest communes in proportion to their size.
  const extra = apportion(
    OFFICES - all.length,
    all.map((c) => c.weight ** 2),
  );
  let next = 1;
  all.forEach(({ commune }, i) => {
    for (let k = 0; k <= (extra[i] ?? 0); k++) {
      commune.offices.push(`BEC-${String(next++).padStart(4, '0')}`);
    }
  });
  return {
    regionWeights: cumulate(REGIONS.map((r) => r.population)),
    communes,
    communeWeights: communeWeights.map((w, r) => {
      // Scale so that each region's communes share its census population.
      const total = w.reduce((a, b) => a + b, 0);
      return cumulate(w.map((x) => (x / total) * (REGIONS[r]?.population ?? 0)));
    }),
  };
}
