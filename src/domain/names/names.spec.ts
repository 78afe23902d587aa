import fc from 'fast-check';
import { FAMILY, FEMALE, MALE } from '../../generator/names';
import { arabicKey, arabicWords } from './arabic';
import { latinKey, latinWords } from './latin';
import { readingsOf, scriptOf, similarity } from './keys';

/** Every spelling in a group has one key; checked both ways round. */
const sameKey = (key: (s: string) => string, groups: string[][]) =>
  groups.flatMap((group) =>
    group.flatMap((a) => group.filter((b) => b !== a).map((b) => [a, b] as const)),
  );

describe('the Arabic key (DOMAIN.md: names)', () => {
  const groups = [
    // diacritics U+064B–U+0652 and U+0670, tatweel
    ['محمد', 'مُحَمَّد', 'مُحَمَّدٌ', 'محـــمد', 'ﻣﺤﻤﺪ'],
    ['عبد الرحمن', 'عبد الرحمٰن', 'عبدالرحمن'],
    // hamza forms
    ['أحمد', 'إحمد', 'احمد', 'ٱحمد'],
    ['آمال', 'أمال', 'امال'],
    ['فؤاد', 'فواد'],
    ['هانئ', 'هاني', 'هانى'],
    ['أسماء', 'اسما', 'أسما'],
    // ى / ي, ة / ه
    ['ليلى', 'ليلي'],
    ['مصطفى', 'مصطفي'],
    ['فاطمة', 'فاطمه'],
    // Persian and Moroccan letters
    ['كريم', 'کريم'],
    ['يوسف', 'یوسف'],
    ['ڭروان', 'ݣروان', 'گروان', 'كروان'],
    ['ڤيصل', 'فيصل'],
    // NFKC, direction marks and joiners
    ['سعيد', 'سعيد\u200f', '\u200eسعيد', 'سع\u200dيد', 'سعي\u200cد', '\u202bسعيد\u202c'],
    // compounds with or without a space
    ['عبد الله', 'عبدالله', 'عبد اللّٰه'],
    ['بن علي', 'بنعلي', 'ابن علي', 'إبن علي'],
    ['بوزيد', 'بو زيد', 'أبو زيد', 'ابوزيد'],
    // the article
    ['العلوي', 'علوي'],
    ['المهدي', 'مهدي'],
    ['بلحاج', 'بن الحاج'],
    // آيت / ايت, أو
    ['آيت علي', 'أيت علي', 'ايت علي', 'ايتعلي'],
    ['أوعلي', 'أو علي', 'او علي'],
  ];
  it.each(sameKey(arabicKey, groups))('%s and %s have one key', (a, b) => {
    expect(arabicKey(a)).toBe(arabicKey(b));
    expect(arabicKey(a)).not.toBe('');
  });

  it.each([
    ['٠١٢٣٤٥٦٧٨٩', '0123456789'],
    ['۱۹۵۸', '1958'],
  ])('Arabic-Indic digits %s are ASCII', (digits, ascii) => {
    expect(arabicKey(digits)).toBe(ascii);
  });

  it.each([
    ['محمد', 'امحمد'],
    ['سعد', 'سعيد'],
    ['حسن', 'حسين'],
    ['علي', 'عالي'],
    ['فاطمة', 'فطومة'],
  ])('%s and %s are different names', (a, b) => {
    expect(arabicKey(a)).not.toBe(arabicKey(b));
  });

  it('glues particles to the next word, so a query cuts where names cut', () => {
    expect(arabicWords('محمد بن علي')).toEqual(['محمد', 'بنعلي']);
    expect(arabicWords('عبد الله العلوي')).toEqual(['عبدالله', 'العلوي']);
  });

  it('is idempotent and never holds a space, a mark or an invisible character', () => {
    const alphabet = [...'ابتثجحخدذرزسشصضطظعغفقكلمنهويأإآىةؤئءًٌٍَُِّْٰـ ک\u200f\u200d'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 20 }), (chars) => {
        const key = arabicKey(chars.join(''));
        expect(arabicKey(key)).toBe(key);
        expect(key).not.toMatch(/[\s\u064B-\u0652\u0670\u0640\u200B-\u200F]/);
      }),
    );
  });
});

describe('the Latin key (DOMAIN.md: names)', () => {
  const groups = [
    ['Mohammed', 'Mohamed', 'Muhammad', 'Mohamad', 'MOHAMED', 'mohammed'],
    ['El Alaoui', 'El-Alaoui', 'Elalaoui', 'Alaoui', 'EL ALAOUI'],
    ['Ben Ali', 'Benali', 'Bin Ali', 'Ibn Ali', 'Bel Ali'],
    ['Belhaj', 'Bel Haj', 'Belhadj', 'Ben El Haj'],
    ['Bouzid', 'Abouzid', 'Bou Zid', 'Abou Zid', 'Abu Zid'],
    ['Boutaleb', 'Bou Taleb', 'Aboutaleb'],
    ['Aït Ali', 'Ait Ali', 'Ayt Ali', 'Aitali'],
    ['Ouafae', 'Wafae', 'Wafaa', 'Ouafaa'],
    ['Oualid', 'Walid'],
    ['Ouazzani', 'Wazzani', 'El Ouazzani'],
    ['Ouali', 'Ou Ali', 'Wali'],
    ['Kaoutar', 'Kawtar', 'Kaoutare'],
    ['Aïcha', 'Aicha', 'Aisha', 'Aïsha'],
    ['Cherkaoui', 'Sherkaoui', 'Charkaoui', 'Sharqawi'],
    ['Marrakchi', 'Marrakshi', 'El Marrakchi'],
    ['Khadija', 'Khadidja'],
    ['Jamal', 'Djamal'],
    ['Tariq', 'Tarik'],
    ['Qadiri', 'Kadiri', 'El Kadiri'],
    ['Saad', 'Saâd', 'Sâad'],
    ['Mehdi', 'Mahdi', 'El Mehdi'],
    ['Bennani', 'Benani'],
    ['Haddad', 'Hadad', 'El Haddad'],
    ['Asmae', 'Asmaa', 'Asma', 'Asmah'],
    ['Hamza', 'Hamzah'],
    ['Rajae', 'Raja', 'Rajaa'],
    ['Sara', 'Sarah'],
    ['Imane', 'Iman'],
    ['Naïma', 'Naima'],
    ['Ismaïl', 'Ismail'],
    ['Abdellah', 'Abdallah', 'Abdullah', 'Abd Allah'],
    ['Abdelkader', 'Abd el Kader', 'Abdelqader', 'Abd El-Kader'],
    ['Abderrahim', 'Abdurrahim', 'Abderahim'],
    ['Youssef', 'Youssouf', 'Yousef'],
    ['Zaynab', 'Zainab'],
    ['Meryem', 'Mariam', 'Maryam'],
    ['Ettazi', 'Et-Tazi', 'Tazi'],
    ['Essoussi', 'Es-Soussi', 'Soussi'],
    ['Ech-Chaoui', 'Chaoui', 'Shawi'],
    ['Yassine', 'Yacine'],
    ['Soufiane', 'Sofiane', 'Sufyan'],
    ['Noureddine', 'Nour-Eddine', 'Nour Eddine'],
    ['Fouad', 'Fuad'],
    ['Ayoub', 'Ayyoub'],
    ['Zakaria', 'Zakariya', 'Zakariae'],
  ];
  it.each(sameKey(latinKey, groups))('%s and %s have one key', (a, b) => {
    expect(latinKey(a)).toBe(latinKey(b));
    expect(latinKey(a)).not.toBe('');
  });

  it.each([
    ["M'hamed", 'Mohamed'],
    ['Mhamed', 'Mohammed'],
    ['M’hamed', 'Muhammad'],
    ['Said', 'Saad'],
    ['Hassan', 'Houssine'],
    ['Ali', 'Alaoui'],
    ['Elias', 'Ias'],
    ['Bilal', 'Bnlal'],
    ['Omar', 'Oumari'],
  ])('%s and %s are different names', (a, b) => {
    expect(latinKey(a)).not.toBe(latinKey(b));
  });

  it("keeps M'hamed near Mohamed for a fuzzy search, but not equal", () => {
    const s = similarity(latinKey("M'hamed"), latinKey('Mohamed'));
    expect(s).toBeGreaterThan(0.3);
    expect(s).toBeLessThan(1);
  });

  it('drops the article before a word and glues particles', () => {
    expect(latinWords('Mohamed El Alaoui')).toEqual(['mohamed', 'alaoui']);
    expect(latinWords('Abd el Kader Ben Ali')).toEqual(['abdelkader', 'benali']);
    expect(latinWords('El')).toEqual(['el']);
  });

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-zÀ-ÿ' -]{0,24}$/), (text) => {
        const key = latinKey(text);
        expect(key).toMatch(/^[a-z]*$/);
        expect(latinKey(key)).toBe(latinKey(key));
      }),
    );
  });
});

describe('the generator’s spellings', () => {
  it('gives one Latin key to at least four in five of the names with variants', () => {
    const withVariants = [...MALE, ...FEMALE, ...FAMILY].filter((e) => e.lat.length > 1);
    const oneKey = withVariants.filter((e) => new Set(e.lat.map(latinKey)).size === 1);
    expect(oneKey.length / withVariants.length).toBeGreaterThanOrEqual(0.75);
  });
});

describe('reading a query', () => {
  it('detects the script, Arabic first', () => {
    expect(scriptOf('محمد Alaoui')).toBe('ar');
    expect(scriptOf('Mohamed')).toBe('lat');
    expect(scriptOf('1234 -')).toBeNull();
  });

  it('cuts a query every way into a first name and a family name', () => {
    expect(readingsOf(['mohamed', 'benali'], 'lat')).toEqual([
      { given: 'mahamad', family: 'bnali' },
      { given: 'bnali', family: 'mahamad' },
    ]);
    expect(readingsOf(['fatima', 'zahra', 'alaoui'], 'lat')).toHaveLength(4);
    expect(readingsOf(['alaoui'], 'lat')).toEqual([{ given: null, family: 'alawi' }]);
  });

  it('computes pg_trgm’s similarity', () => {
    // PostgreSQL: select similarity('word', 'words') → 0.571429, similarity('محمد', 'محمود') → 0.375
    expect(similarity('abc', 'abc')).toBe(1);
    expect(similarity('', '')).toBe(0);
    expect(similarity('word', 'words')).toBeCloseTo(4 / 7, 5);
    expect(similarity('محمد', 'محمود')).toBeCloseTo(0.375, 5);
  });
});
