/**
 * ISO code lists the merchant API validates against. No `server-only`: the OpenAPI generator and
 * tests read them too.
 */

/**
 * ISO 4217 codes that are not money a shop can charge: precious metals, bond-market units, the IMF's
 * SDR, the SUCRE, the testing code XTS and "no currency" XXX. (XAF, XOF, XPF, XCD, XCG are real
 * currencies and stay.)
 */
const NOT_A_CURRENCY = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

/** The ISO 4217 currencies the runtime's ICU knows as in use (Node ≥ 20), without the codes above. */
export const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency').filter((code) => !NOT_A_CURRENCY.has(code)));

/**
 * ISO 3166-1 alpha-2: the 249 officially assigned codes, plus XK (Kosovo). XK is a user-assigned code,
 * but the EU, CLDR and the big commerce platforms use it, and shops ship there. Every other
 * user-assigned code (AA, QM–QZ, XA–XZ, ZZ), every exceptionally or transitionally reserved code
 * (EU, UK, AC, TA, …) and every withdrawn one (AN, CS, YU, …) is refused.
 */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ
   BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR
   CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
   GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU
   ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ
   LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
   MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF
   PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI
   SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR
   TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
   XK`
    .split(/\s+/)
    .filter(Boolean),
);
