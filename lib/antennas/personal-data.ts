/**
 * What an antenna's place code and notes must not carry: they are read by every admin, sit in the database for
 * years and name a squat of undocumented people, so an e-mail address, a phone number or a street address there
 * would point at a person or a place. This is a net for honest slips (a contact pasted into the notes), not a
 * proof of absence: it looks for the forms people write in French, Dutch and English, and errs towards refusing.
 */
export type PersonalDataKind = "email" | "phone" | "address";

// `name@host.tld`, and the spelled-out forms people use to dodge scrapers: `name [at] host [dot] be`, `name(at)host`.
const emailPattern = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;
const spelledEmailPattern =
  /[\p{L}\p{N}._%+-]+\s*[[({]\s*(at|arobase|apenstaart)\s*[\])}]\s*[\p{L}\p{N}-]+(\s*([[({]\s*(dot|point|punt)\s*[\])}]|\.)\s*[\p{L}\p{N}-]+)+/iu;

export function hasEmailAddress(text: string): boolean {
  return emailPattern.test(text) || spelledEmailPattern.test(text);
}

// Dates with a four-digit year and clock times are digit runs that start with 0 too ("01/12/2026 14h30"): they are
// blanked before looking for phone numbers.
const datePattern = /\b\d{1,2}[./-]\d{1,2}[./-](19|20)\d{2}\b|\b(19|20)\d{2}-\d{1,2}-\d{1,2}\b/g;
const timePattern = /\b\d{1,2}[:h]\d{2}\b/g;
// A run that starts like a phone number (`+`, or a 0 not glued to a word, a code or a version) and goes on with
// digits and the separators people type: spaces, dots, slashes, dashes, `(0)`.
const phoneRunPattern = /(?<![\p{L}\p{N}_.\/-])(\+\s?\d|0\d|\(0\d)[\d\s./()-]*\d/gu;

/**
 * Belgian numbers have 9 (fixed) or 10 (mobile) digits with their leading 0; an international number, written
 * with `+` or `00`, has at least 8 after the prefix. A run counts as a number when a prefix of its digit groups has
 * that many digits, so a number followed by another figure ("0470 12 34 56 5 personnes") is still found.
 */
function isPhoneRun(run: string): boolean {
  const international = run.startsWith("+") || /^00/.test(run);
  const groups = run.match(/\d+/g) ?? [];
  let digits = 0;
  for (const group of groups) {
    digits += group.length;
    if (international ? digits >= 10 || (run.startsWith("+") && digits >= 8) : digits === 9 || digits === 10)
      return true;
  }
  return false;
}

export function hasPhoneNumber(text: string): boolean {
  const blanked = text.replace(datePattern, " ; ").replace(timePattern, " ; ");
  for (const match of blanked.matchAll(phoneRunPattern)) if (isPhoneRun(match[0].trim())) return true;
  return false;
}

// Words that only name a street: any words may follow them before the house number ("rue de la loi 16").
const streetWords = [
  "rue",
  "avenue",
  "av",
  "chaussée",
  "chaussee",
  "chée",
  "boulevard",
  "bd",
  "bld",
  "impasse",
  "allée",
  "allee",
  "drève",
  "dreve",
  "quai",
  "straat",
  "steenweg",
  "laan",
  "dreef",
  "kaai",
].join("|");
// The French words of a street written number first ("16 rue de la Loi"); "1 place de parking" is not one.
const numberFirstWords = "rue|avenue|av|chaussée|chaussee|boulevard|bd|impasse|allée|allee|quai|drève|dreve";
// Words that also mean something else ("mise en place le 3", "in place since 2024"): they count only when they or
// a following word are capitalised, as in a street name ("Place Flagey 7", "place Sainte-Croix 2").
const placeWords = [
  "place",
  "square",
  "plein",
  "markt",
  "route",
  "chemin",
  "passage",
  "clos",
  "parvis",
  "sentier",
  "galerie",
  "lane",
  "drive",
  "way",
].join("|");
// Dutch street names glue the word to the name: "Kerkstraat 12", "Louizalaan 5", "Gentsesteenweg 100".
const dutchSuffixes = "straat|steenweg|laan|dreef|kaai";
// Endings that also close common words ("onderweg 3 keer"): only in a capitalised name ("Heirweg 5", "Frankrijklei 20").
const dutchPlaceSuffixes = "plein|singel|gracht|dijk|markt|plaats|weg|lei";

// The house number is a word of its own ("BXL-07" is a code, not "BXL" at number 07), with an optional box letter.
const houseNumber = String.raw`(,\s*|\s+)(n[°o]\.?\s*)?\d{1,4}(\s?[a-zA-Z])?(?![\p{L}\p{N}])`;
// The words of a street's name, whatever their case ("rue de la loi 16"), but not the little words of a sentence
// ("la rue est calme depuis 3 semaines", "de straat is sinds 2 weken rustig").
const sentenceWords =
  "est|sont|a|ont|était|depuis|avec|pour|et|en|dans|sur|il|y|pas|plus|is|are|was|has|have|since|with|for|and|in|on|at|not|zijn|was|heeft|hebben|sinds|met|voor|op|bij|en|niet|al";
const anyName = String.raw`(\s+(?!(${sentenceWords})(?![\p{L}]))[\p{L}'’.-]+){0,5}?`;
// Without the `i` flag: `\p{Lu}` would match any letter under it.
const properName = String.raw`(\s+(de|du|des|la|d'|l'|van|der|den|het|ter|of|the|[\p{Lu}][\p{L}'’.-]*|d[’'][\p{Lu}][\p{L}-]*)){1,6}?`;
const eitherCase = (words: string) =>
  words
    .split("|")
    .map((word) => `[${word[0]!.toUpperCase()}${word[0]}]${word.slice(1)}`)
    .join("|");
const titleCase = (words: string) =>
  words
    .split("|")
    .map((word) => `${word[0]!.toUpperCase()}${word.slice(1)}`)
    .join("|");

const addressPatterns = [
  new RegExp(String.raw`(?<![\p{L}])(${streetWords})\.?(?![\p{L}])${anyName}${houseNumber}`, "iu"),
  new RegExp(String.raw`(?<![\p{L}])(${eitherCase(placeWords)})(?![\p{L}])${properName}${houseNumber}`, "u"),
  // "Grote Markt 1", "Oude Markt 3": a capitalised word, then the capitalised place word.
  new RegExp(String.raw`(?<![\p{L}])\p{Lu}\p{Ll}+\s+(${titleCase(placeWords)})${houseNumber}`, "u"),
  new RegExp(String.raw`(?<![\p{L}])[\p{L}-]{2,}(${dutchSuffixes})(?![\p{L}])${anyName}${houseNumber}`, "iu"),
  new RegExp(String.raw`(?<![\p{L}])\p{Lu}[\p{L}-]+(${dutchPlaceSuffixes})(?![\p{L}])${houseNumber}`, "u"),
  // The number first: "16 rue de la Loi", "12, avenue Louise", "221B Baker Street".
  new RegExp(String.raw`(?<![\p{L}\p{N}])\d{1,4}[a-zA-Z]?,?\s+(${numberFirstWords})\.?(?![\p{L}])`, "iu"),
  new RegExp(
    String.raw`(?<![\p{L}\p{N}])\d{1,4}[a-zA-Z]?(\s+\p{Lu}[\p{L}'’-]*){1,4}\s+(${eitherCase("street|road|avenue|lane|drive")})(?![\p{L}])`,
    "u",
  ),
];

// A postcode and its town: "1000 Bruxelles", "B-1060 Saint-Gilles", "9000 Gent", "75011 Paris". A figure followed
// by a unit ("2400 MHz", "5000 Mbps") is not one.
const postcodePattern =
  /(?<![\p{L}\p{N}.,])(B-|BE-|F-|NL-)?[1-9]\d{3,4}\s+(?!(Mbps|Kbps|Gbps|Mbit|Gbit|Kbit)\b)\p{Lu}\p{Ll}{2,}/u;

export function hasStreetAddress(text: string): boolean {
  return postcodePattern.test(text) || addressPatterns.some((pattern) => pattern.test(text));
}

/** The kinds of personal data found in `text`, in a fixed order (e-mail, phone, address); empty when none. */
export function findPersonalData(text: string): PersonalDataKind[] {
  const found: PersonalDataKind[] = [];
  if (hasEmailAddress(text)) found.push("email");
  if (hasPhoneNumber(text)) found.push("phone");
  if (hasStreetAddress(text)) found.push("address");
  return found;
}
