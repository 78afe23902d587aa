/**
 * Moroccan names in Arabic (authoritative) with their usual French-style Latin spellings.
 * The first spelling is the most common; the others are the variants registrars really
 * wrote (DOMAIN.md, "Names: search and de-duplication"), which de-duplication must cope with.
 */
import type { PersonName } from '../domain';
import type { Random } from './random';

export interface NameEntry {
  ar: string;
  lat: readonly string[];
  /** One PersonName per spelling, shared by every record that uses it (memory). */
  forms: readonly PersonName[];
}

const parse = (table: string): NameEntry[] =>
  table
    .trim()
    .split('\n')
    .map((line) => {
      const [ar = '', lat = ''] = line.trim().split('|');
      const spellings = lat.split('/');
      return { ar, lat: spellings, forms: spellings.map((l) => ({ ar, lat: l })) };
    });

export const MALE = parse(`
محمد|Mohammed/Mohamed/Muhammad/Mohamad
أحمد|Ahmed/Ahmad
يوسف|Youssef/Youssouf/Yousef
عبد الله|Abdellah/Abdallah/Abdullah
عمر|Omar/Omer
علي|Ali
حسن|Hassan/Hasan
حسين|Houssine/Hussein/Hossein
إبراهيم|Ibrahim/Brahim
خالد|Khalid/Khaled
رشيد|Rachid/Rashid
سعيد|Said/Saïd
مصطفى|Mustapha/Moustafa/Mostafa
عبد الرحيم|Abderrahim/Abdurrahim
عبد الرحمن|Abderrahmane/Abderrahman/Abdurrahman
عبد العزيز|Abdelaziz/Abdulaziz
عبد الكريم|Abdelkrim/Abdelkarim
عبد الحق|Abdelhak/Abdelhaq
عبد اللطيف|Abdellatif/Abdelatif
عبد السلام|Abdeslam/Abdessalam
عبد القادر|Abdelkader/Abdelqader
المهدي|Mehdi/Mahdi/El Mehdi
سعد|Saad/Saâd
حمزة|Hamza/Hamzah
أنس|Anas/Anass
أيوب|Ayoub/Ayyoub
إلياس|Ilyas/Ilias/Elias
آدم|Adam
زكرياء|Zakaria/Zakariya/Zakariae
بلال|Bilal/Bilel
إدريس|Driss/Idriss/Idris
الحسن|El Hassan/Lahcen/Lhassan
الحسين|El Houssaine/Lahoucine/Lhoussaine
جمال|Jamal/Djamal
نور الدين|Noureddine/Nour-Eddine/Nourdine
عادل|Adil/Adel
كريم|Karim/Kareem
هشام|Hicham/Hisham
طارق|Tarik/Tariq
ياسين|Yassine/Yacine/Yasin
نبيل|Nabil
سفيان|Soufiane/Sofiane/Sufyan
عثمان|Othmane/Outhmane/Othman
إسماعيل|Ismail/Smail/Ismaïl
مراد|Mourad/Murad
فؤاد|Fouad/Fuad
توفيق|Taoufik/Toufik/Tawfiq
عبد الواحد|Abdelouahed/Abdelwahed
عزيز|Aziz
العربي|Larbi/El Arbi
الطيب|Tayeb/Taib/Et-Tayeb
بوشعيب|Bouchaib/Bouchaïb
امحمد|M'hamed/Mhamed
صلاح الدين|Salaheddine/Salah-Eddine
زهير|Zouhair/Zuhair
وليد|Walid/Oualid
حميد|Hamid
عماد|Imad/Imade
رضا|Reda/Rida
أسامة|Oussama/Osama/Ousama
منير|Mounir/Munir
`);

export const FEMALE = parse(`
فاطمة|Fatima/Fatma/Fadma
عائشة|Aïcha/Aicha/Aisha
خديجة|Khadija/Khadidja
مريم|Meryem/Mariam/Maryam
زينب|Zineb/Zaynab/Zainab
سلمى|Salma/Selma
نادية|Nadia/Nadya
سعاد|Souad/Suad
وفاء|Ouafae/Wafae/Wafaa
حنان|Hanane/Hanan
ليلى|Leila/Laila/Layla
نجاة|Najat/Nejat
رشيدة|Rachida/Rashida
مليكة|Malika/Malica
نعيمة|Naima/Naïma
حليمة|Halima
سميرة|Samira
كريمة|Karima
لطيفة|Latifa
زهرة|Zohra/Zahra
إيمان|Imane/Iman/Imen
أسماء|Asmae/Asmaa/Asma
هاجر|Hajar/Hajer
سارة|Sara/Sarah
ياسمين|Yasmine/Yassmine
نور|Nour/Nor
هدى|Houda/Huda
سكينة|Soukaina/Sakina/Soukayna
إكرام|Ikram/Ikrame
غيثة|Ghita/Ghyta
كوثر|Kaoutar/Kawtar/Kaoutare
نسرين|Nisrine/Nesrine
بشرى|Bouchra/Bushra
سهام|Siham/Sihame
أمينة|Amina/Aminah
رجاء|Rajae/Raja/Rajaa
حياة|Hayat/Hayate
لبنى|Loubna/Lubna
دنيا|Dounia/Dunia/Donia
شيماء|Chaimae/Chaymae/Shaimaa
أميمة|Oumaima/Oumayma/Umaima
هند|Hind
جميلة|Jamila/Djamila
ربيعة|Rabia/Rabiaa
فتيحة|Fatiha/Fatiya
السعدية|Saadia/Saâdia/Essaadia
الزهراء|Ezzahra/Zahrae/Zahraa
منى|Mouna/Mona/Muna
سناء|Sanae/Sanaa/Sana
وئام|Ouiam/Wiam/Wiame
رحمة|Rahma/Rahmah
آمال|Amal/Amale
ابتسام|Ibtissam/Ibtisam
مونية|Mounia/Monia
إلهام|Ilham/Ilhame
فدوى|Fadwa/Fadoua
نزهة|Nezha/Nazha
ثورية|Touria/Thouria
خدوج|Khaddouj/Khadouj
الغالية|Ghalia/Lghalia
`);

export const FAMILY = parse(`
العلوي|El Alaoui/Elalaoui/Alaoui/El-Alaoui
الإدريسي|El Idrissi/Idrissi/Elidrissi
بناني|Bennani/Benani
التازي|Tazi/Ettazi/Et-Tazi
الفاسي|El Fassi/Fassi/Elfassi
برادة|Berrada/Berada
الشرقاوي|Cherkaoui/Charkaoui/Sharqawi
الوزاني|Ouazzani/Wazzani/El Ouazzani
بنجلون|Benjelloun/Ben Jelloun/Benjeloun
العمراني|El Amrani/Amrani/Elamrani
الحسني|El Hassani/Hassani
السباعي|Sbai/Esbai/Sebai
بنكيران|Benkirane/Ben Kirane
الكتاني|El Kettani/Kettani/Kattani
المنصوري|El Mansouri/Mansouri
الرحماني|Rahmani/Er-Rahmani
الزياني|Ziani/Zayani/Ezzayani
أيت علي|Ait Ali/Aït Ali/Ayt Ali
أيت باها|Ait Baha/Aït Baha
أوبلا|Oubella/Oubela
أمزيان|Amezian/Amazian/Amzian
بوزيد|Bouzid/Abouzid
بن علي|Benali/Ben Ali/Bin Ali
بن عبد الله|Benabdellah/Ben Abdellah/Benabdallah
بلحاج|Belhaj/Belhadj/Bel Haj
القادري|El Kadiri/Kadiri/Qadiri
الصقلي|Sqalli/Skalli/Seqalli
الطاهري|Tahiri/Et-Tahiri/Ettahiri
الحمداوي|Hamdaoui/El Hamdaoui/Hamdawi
الخطابي|Khattabi/El Khattabi
الريفي|Rifi/Errifi/El Rifi
السوسي|Soussi/Essoussi/Es-Soussi
المراكشي|Marrakchi/El Marrakchi/Marrakshi
الدكالي|Doukkali/Dokkali/Eddoukkali
الشاوي|Chaoui/Ech-Chaoui/Shawi
الزموري|Zemmouri/Zamouri/Ezzemmouri
البقالي|Bakkali/El Bakkali/Baqqali
الغزالي|Ghazali/El Ghazali/Ghazzali
الحداد|Haddad/El Haddad
النجار|Najjar/Ennajjar/Nejjar
الخياط|Khayat/El Khayat/Khayyat
الصباغ|Sebbagh/Sabbagh/Essabbagh
العطار|Attar/El Attar/Ettar
بنسودة|Bensouda/Ben Souda
بنيس|Bennis/Benis
الجزولي|Jazouli/Jazuli/El Jazouli
الكنوني|Guennouni/Kanouni/Gennouni
لحلو|Lahlou/Lahlu
الشامي|Chami/Echami/Shami
المريني|Merini/El Merini/Marini
الرامي|Rami/Errami
أخنوش|Akhannouch/Akhanouch
أمهال|Amahal/Amhal
أوعلي|Ouali/Ou Ali/Wali
أوحمو|Ouhammou/Ouhamou/Uhammu
بوعزة|Bouazza/Bouaza/Abouazza
بوشتى|Bouchta/Bouchtah
بوطالب|Boutaleb/Bou Taleb/Aboutaleb
العثماني|Othmani/El Othmani/Outhmani
الجراري|Jirari/Jerrari/El Jirari
الوكيلي|Ouakili/Wakili/El Ouakili
الرفاعي|Rifai/Er-Rifai/Refaï
الشرايبي|Chraibi/Cheraibi/Shraibi
بنشقرون|Benchekroun/Ben Chekroun
بنموسى|Benmoussa/Ben Moussa/Benmousa
العراقي|El Iraki/Iraqi/Eliraqi
الزرهوني|Zerhouni/Zarhouni
الأنصاري|Ansari/El Ansari
الفيلالي|Filali/El Filali/Fillali
الدرقاوي|Derkaoui/Darkaoui/Darqawi
الناصري|Naciri/Nasseri/En-Naciri
الوردي|Ouardi/Wardi/El Ouardi
السلاوي|Slaoui/Esslaoui/Salawi
العبدي|Abdi/El Abdi
اليعقوبي|Yacoubi/Yaacoubi/El Yaakoubi
الكبير|Kabir/El Kabir/Lekbir
الصغير|Sghir/Seghir/Essghir
التمسماني|Temsamani/Tamsamani
الغماري|Ghomari/Ghmari/El Ghomari
الورياغلي|Ouariaghli/Wriaghli/El Ouariaghli
`);

/** "Abd-" names a mother may choose as the notional first name of an unknown father. */
export const ABD = MALE.filter((n) => n.ar.startsWith('عبد'));

/** Three in four acts use the usual spelling; the rest one of the variants. */
export function spell(entry: NameEntry, random: Random): PersonName {
  const form =
    entry.forms.length > 1 && random.chance(0.25) ? random.pick(entry.forms) : entry.forms[0];
  return form ?? { ar: entry.ar };
}

/** Another spelling of the same name, for material rectifications; undefined if none. */
export function otherSpelling(entry: NameEntry, lat: string | undefined): string | undefined {
  return entry.lat.find((l) => l !== lat);
}

// Entries by Arabic form, to find a name's variants back from a record.
const BY_AR = new Map<string, NameEntry>(
  [...MALE, ...FEMALE, ...FAMILY].map((entry) => [entry.ar, entry]),
);
export const entryOf = (ar: string | undefined): NameEntry | undefined =>
  ar === undefined ? undefined : BY_AR.get(ar);
