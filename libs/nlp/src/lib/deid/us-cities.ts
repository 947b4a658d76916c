/**
 * A gazetteer for the LOCATION rule: US cities of about 100,000 people or more (2020 census) and
 * the state capitals, by state. Safe Harbor removes every geographic unit below the state, and
 * notes name cities with no cue at all ("her Tucson cardiologist", "the Spokane plant"), which only
 * a list finds. Small towns are not here: they still need a cue ("lives in", "from", "X, ST").
 */
const CITIES_BY_STATE: Record<string, string> = {
  AL: 'Birmingham|Huntsville|Montgomery|Mobile|Tuscaloosa',
  AK: 'Anchorage|Juneau',
  AZ: 'Phoenix|Tucson|Mesa|Chandler|Gilbert|Glendale|Scottsdale|Peoria|Tempe|Surprise',
  AR: 'Little Rock|Fayetteville|Fort Smith|Springdale',
  CA:
    'Los Angeles|San Diego|San Jose|San Francisco|Fresno|Sacramento|Long Beach|Oakland|Bakersfield|Anaheim|Santa Ana|Riverside|Stockton|Irvine|' +
    'Chula Vista|Fremont|San Bernardino|Modesto|Fontana|Oxnard|Moreno Valley|Huntington Beach|Glendale|Santa Clarita|Garden Grove|Oceanside|' +
    'Rancho Cucamonga|Ontario|Santa Rosa|Elk Grove|Corona|Lancaster|Palmdale|Salinas|Hayward|Pomona|Escondido|Sunnyvale|Torrance|Pasadena|Orange|' +
    'Fullerton|Roseville|Visalia|Concord|Thousand Oaks|Simi Valley|Santa Clara|Victorville|Vallejo|Berkeley|El Monte|Downey|Costa Mesa|Inglewood|' +
    'Carlsbad|San Buenaventura|Ventura|Fairfield|West Covina|Murrieta|Richmond|Norwalk|Antioch|Temecula|Burbank|Daly City|Rialto|El Cajon|' +
    'San Mateo|Clovis|Jurupa Valley|Vacaville|Santa Maria|Whittier|Menifee|Lakewood|Chino|San Marcos|Santa Monica',
  CO: 'Denver|Colorado Springs|Aurora|Fort Collins|Lakewood|Thornton|Arvada|Pueblo|Greeley|Centennial|Boulder',
  CT: 'Bridgeport|New Haven|Stamford|Hartford|Waterbury',
  DE: 'Wilmington|Dover',
  FL:
    'Jacksonville|Miami|Tampa|Orlando|St. Petersburg|Hialeah|Port St. Lucie|Tallahassee|Cape Coral|Fort Lauderdale|Pembroke Pines|Hollywood|' +
    'Gainesville|Miramar|Coral Springs|Palm Bay|West Palm Beach|Clearwater|Lakeland|Pompano Beach|Miami Gardens|Davie|Boca Raton|Sunrise|' +
    'Plantation',
  GA: 'Atlanta|Columbus|Augusta|Macon|Savannah|Athens|Sandy Springs|South Fulton',
  HI: 'Honolulu',
  ID: 'Boise|Meridian|Nampa',
  IL: 'Chicago|Aurora|Joliet|Naperville|Rockford|Springfield|Elgin|Peoria',
  IN: 'Indianapolis|Fort Wayne|Evansville|South Bend',
  IA: 'Des Moines|Cedar Rapids|Davenport',
  KS: 'Wichita|Overland Park|Kansas City|Olathe|Topeka',
  KY: 'Louisville|Lexington|Frankfort',
  LA: 'New Orleans|Baton Rouge|Shreveport|Lafayette',
  ME: 'Portland|Augusta',
  MD: 'Baltimore|Columbia|Germantown|Silver Spring|Annapolis',
  MA: 'Boston|Worcester|Springfield|Cambridge|Lowell|Brockton|Quincy|Lynn|New Bedford',
  MI: 'Detroit|Grand Rapids|Warren|Sterling Heights|Ann Arbor|Lansing|Dearborn',
  MN: 'Minneapolis|St. Paul|Saint Paul|Rochester',
  MS: 'Jackson',
  MO: 'Kansas City|St. Louis|Saint Louis|Springfield|Columbia|Independence|Lee\'s Summit|Jefferson City',
  MT: 'Billings|Helena',
  NE: 'Omaha|Lincoln',
  NV: 'Las Vegas|Henderson|Reno|North Las Vegas|Sparks|Carson City',
  NH: 'Manchester|Concord',
  NJ: 'Newark|Jersey City|Paterson|Elizabeth|Lakewood|Edison|Woodbridge|Hamilton|Trenton',
  NM: 'Albuquerque|Las Cruces|Rio Rancho|Santa Fe',
  NY: 'New York|New York City|Brooklyn|Queens|Manhattan|the Bronx|Staten Island|Buffalo|Yonkers|Rochester|Syracuse|Albany',
  NC: 'Charlotte|Raleigh|Greensboro|Durham|Winston-Salem|Fayetteville|Cary|Wilmington|Concord',
  ND: 'Fargo|Bismarck',
  OH: 'Columbus|Cleveland|Cincinnati|Toledo|Akron|Dayton',
  OK: 'Oklahoma City|Tulsa|Norman|Broken Arrow',
  OR: 'Portland|Salem|Eugene|Gresham|Hillsboro',
  PA: 'Philadelphia|Pittsburgh|Allentown|Reading|Erie|Harrisburg',
  RI: 'Providence',
  SC: 'Charleston|Columbia|North Charleston',
  SD: 'Sioux Falls|Pierre',
  TN: 'Nashville|Memphis|Knoxville|Chattanooga|Clarksville|Murfreesboro',
  TX:
    'Houston|San Antonio|Dallas|Austin|Fort Worth|El Paso|Arlington|Corpus Christi|Plano|Lubbock|Laredo|Irving|Garland|Frisco|McKinney|' +
    'Grand Prairie|Amarillo|Brownsville|Killeen|Denton|Mesquite|McAllen|Midland|Waco|Carrollton|Round Rock|Abilene|Pearland|Richardson|Odessa|' +
    'Sugar Land|Beaumont|The Woodlands|College Station|Lewisville|League City|Tyler|Wichita Falls|Allen|San Angelo|Edinburg|Conroe|New Braunfels',
  UT: 'Salt Lake City|West Valley City|West Jordan|Provo',
  VT: 'Burlington|Montpelier',
  VA: 'Virginia Beach|Chesapeake|Norfolk|Arlington|Richmond|Newport News|Alexandria|Hampton|Suffolk',
  WA: 'Seattle|Spokane|Tacoma|Vancouver|Bellevue|Kent|Everett|Renton|Spokane Valley|Federal Way|Olympia',
  WV: 'Charleston',
  WI: 'Milwaukee|Madison|Green Bay',
  WY: 'Cheyenne',
};

/**
 * Names that are also common words, first names or surnames ("Mobile", "Temple", "Austin",
 * "Jackson"): these count as a city only right after a place word such as "in", "from" or "near".
 */
const AMBIGUOUS = new Set([
  // Words a sentence may start with, or that mean something else in a note.
  'Auburn', 'Bend', 'Concord', 'Corona', 'Enterprise', 'Flint', 'Independence', 'Meridian', 'Mission', 'Mobile', 'Orange', 'Paradise', 'Plantation',
  'Plymouth', 'Providence', 'Reading', 'Sparks', 'Sunrise', 'Surprise', 'Temple', 'Vista', 'Huntington', 'Hollywood', 'Centennial', 'Boulder', 'Upland',
  'Billings', 'Goodyear',
  // First names and surnames.
  'Allen', 'Aurora', 'Austin', 'Bryan', 'Carmel', 'Carson', 'Casper', 'Chandler', 'Charlotte', 'Clovis', 'Columbus', 'Dallas', 'Denton', 'Downey',
  'Elizabeth', 'Eugene', 'Everett', 'Garland', 'Gilbert', 'Hamilton', 'Hampton', 'Hawthorne', 'Hayward', 'Helena', 'Irvine', 'Irving', 'Jackson',
  'Kent', 'Lafayette', 'Lawrence', 'Layton', 'Lincoln', 'Lynn', 'Madison', 'McKinney', 'Norman', 'Paterson', 'Pierre', 'Quincy', 'Richardson',
  'Salinas', 'Sandy', 'Savannah', 'Troy', 'Tyler', 'Warren', 'Westminster', 'Whittier', 'Lowell', 'Clifton', 'Edison', 'Trenton', 'Cary', 'Richmond',
  'Alexandria', 'Olympia', 'Kirkland', 'Cheyenne', 'Warwick', 'Cranston', 'Edmond', 'Henderson', 'Augusta', 'Davenport', 'Davie', 'Orlando', 'Dover',
  'Thornton', 'Lancaster', 'Torrance', 'Fullerton', 'Vallejo', 'Compton', 'Redding', 'Tracy', 'Montgomery', 'Odessa', 'Camden',
]);

const escape = (name: string): string => name.replace(/[.'-]/g, (c) => `\\${c}`);

/** Every city of the list. */
export const US_CITIES: readonly string[] = [...new Set(Object.values(CITIES_BY_STATE).flatMap((list) => list.split('|')))];

/** Alternatives for a regular expression, longest first so "Kansas City" wins over "Kansas". */
export function cityAlternatives(which: 'plain' | 'ambiguous'): string {
  return US_CITIES.filter((city) => AMBIGUOUS.has(city) === (which === 'ambiguous'))
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .map(escape)
    .join('|');
}
