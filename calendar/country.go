package calendar

import (
	"slices"
	"strings"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/aa"
	"github.com/rickar/cal/v2/ar"
	"github.com/rickar/cal/v2/at"
	"github.com/rickar/cal/v2/au"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/bg"
	"github.com/rickar/cal/v2/br"
	"github.com/rickar/cal/v2/ca"
	"github.com/rickar/cal/v2/ch"
	"github.com/rickar/cal/v2/cy"
	"github.com/rickar/cal/v2/cz"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/dk"
	"github.com/rickar/cal/v2/ee"
	"github.com/rickar/cal/v2/es"
	"github.com/rickar/cal/v2/fi"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/gr"
	"github.com/rickar/cal/v2/hr"
	"github.com/rickar/cal/v2/hu"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/is"
	"github.com/rickar/cal/v2/it"
	"github.com/rickar/cal/v2/jp"
	"github.com/rickar/cal/v2/ke"
	"github.com/rickar/cal/v2/lt"
	"github.com/rickar/cal/v2/lu"
	"github.com/rickar/cal/v2/lv"
	"github.com/rickar/cal/v2/mt"
	"github.com/rickar/cal/v2/mw"
	"github.com/rickar/cal/v2/mx"
	"github.com/rickar/cal/v2/nc"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/nz"
	"github.com/rickar/cal/v2/pl"
	"github.com/rickar/cal/v2/pt"
	"github.com/rickar/cal/v2/ro"
	"github.com/rickar/cal/v2/rs"
	"github.com/rickar/cal/v2/ru"
	"github.com/rickar/cal/v2/se"
	"github.com/rickar/cal/v2/si"
	"github.com/rickar/cal/v2/sk"
	"github.com/rickar/cal/v2/th"
	"github.com/rickar/cal/v2/ua"
	"github.com/rickar/cal/v2/us"
	"github.com/rickar/cal/v2/za"
)

// HolidaysFor returns the holidays rickar/cal v2 defines for a country or
// region, by ISO 3166 code in any case: "NO", "SE", "DK", "DE", "FI",
// "GB", "US" and the others [Countries] lists. Australia has no national
// list and is looked up by state ("AU-NSW"); Germany has its nine
// national holidays under "DE" and each state's under its ISO 3166-2
// code, such as "DE-BY" for Bavaria with Epiphany, Corpus Christi and
// All Saints. The slice is a fresh copy of the package's aggregate
// Holidays list; pass it to [WithHolidays]. An unknown code gives a
// [*CountryError] wrapping [ErrUnknownCountry].
//
// The lists are rickar/cal's, with the public holidays that fall on a
// Sunday added where it leaves them out: Easter Sunday and Whit Sunday
// for Norway (lov om helligdager og helligdagsfred § 2: "Første
// påskedag", "Første pinsedag"), Denmark (helligdagsloven § 1:
// "Påskedag", "Pinsedag"), Sweden (lag (1989:253) om allmänna
// helgdagar: "Påskdagen", "Pingstdagen") and Brandenburg (Feiertagsgesetz
// § 2: "Ostersonntag", "Pfingstsonntag"). They change nothing on a desk
// closed on Sundays; a desk open on Sundays closes on them, as those
// countries' desks do. Build with the rickar/cal lists themselves (such
// as no.Holidays) for a calendar without them.
func HolidaysFor(code string) ([]*cal.Holiday, error) {
	hs := holidaysFor(strings.ToUpper(strings.TrimSpace(code)))
	if hs == nil {
		return nil, &CountryError{Code: code}
	}
	return slices.Clone(hs), nil
}

// Countries returns the codes [HolidaysFor] knows, sorted.
func Countries() []string {
	table := countries()
	codes := make([]string, len(table))
	for i, c := range table {
		codes[i] = c.code
	}
	return codes
}

// country is a code [HolidaysFor] knows and its rickar/cal holidays.
type country struct {
	code     string
	holidays []*cal.Holiday
}

// The Sunday public holidays rickar/cal's lists leave out, by their local
// names: fixed definitions, made once, so that every calendar built from
// HolidaysFor shares them as it shares rickar/cal's own.
var (
	noEaster = sunday(aa.Easter, "Første påskedag")
	noWhit   = sunday(aa.Pentecost, "Første pinsedag")
	dkEaster = sunday(aa.Easter, "Påskedag")
	dkWhit   = sunday(aa.Pentecost, "Pinsedag")
	seEaster = sunday(aa.Easter, "Påskdagen")
	seWhit   = sunday(aa.Pentecost, "Pingstdagen")
	bbEaster = sunday(aa.Easter, "Ostersonntag")
	bbWhit   = sunday(aa.Pentecost, "Pfingstsonntag")
)

// sunday returns h as a public holiday under name.
func sunday(h *cal.Holiday, name string) *cal.Holiday {
	return h.Clone(&cal.Holiday{Name: name, Type: cal.ObservancePublic})
}

// withSundays returns base with Easter Sunday and Whit Sunday in a new
// slice.
func withSundays(base []*cal.Holiday, easter, whit *cal.Holiday) []*cal.Holiday {
	return append(slices.Clip(base), easter, whit)
}

// countries lists every code [HolidaysFor] knows, sorted by code: the one
// place a country is added.
func countries() []country {
	return []country{
		{"AR", ar.Holidays},
		{"AT", at.Holidays},
		{"AU-ACT", au.HolidaysACT},
		{"AU-NSW", au.HolidaysNSW},
		{"AU-NT", au.HolidaysNT},
		{"AU-QLD", au.HolidaysQLD},
		{"AU-SA", au.HolidaysSA},
		{"AU-TAS", au.HolidaysTAS},
		{"AU-VIC", au.HolidaysVIC},
		{"AU-WA", au.HolidaysWA},
		{"BE", be.Holidays},
		{"BG", bg.Holidays},
		{"BR", br.Holidays},
		{"CA", ca.Holidays},
		{"CH", ch.Holidays},
		{"CY", cy.Holidays},
		{"CZ", cz.Holidays},
		{"DE", de.Holidays},
		{"DE-BB", withSundays(de.HolidaysBB, bbEaster, bbWhit)},
		{"DE-BE", de.HolidaysBE},
		{"DE-BW", de.HolidaysBW},
		{"DE-BY", de.HolidaysBY},
		{"DE-HB", de.HolidaysHB},
		{"DE-HE", de.HolidaysHE},
		{"DE-HH", de.HolidaysHH},
		{"DE-MV", de.HolidaysMV},
		{"DE-NI", de.HolidaysNI},
		{"DE-NW", de.HolidaysNW},
		{"DE-RP", de.HolidaysRP},
		{"DE-SH", de.HolidaysSH},
		{"DE-SL", de.HolidaysSL},
		{"DE-SN", de.HolidaysSN},
		{"DE-ST", de.HolidaysST},
		{"DE-TH", de.HolidaysTH},
		{"DK", withSundays(dk.Holidays, dkEaster, dkWhit)},
		{"EE", ee.Holidays},
		{"ES", es.Holidays},
		{"FI", fi.Holidays},
		{"FR", fr.Holidays},
		{"GB", gb.Holidays},
		{"GR", gr.Holidays},
		{"HR", hr.Holidays},
		{"HU", hu.Holidays},
		{"IE", ie.Holidays},
		{"IS", is.Holidays},
		{"IT", it.Holidays},
		{"JP", jp.Holidays},
		{"KE", ke.Holidays},
		{"LT", lt.Holidays},
		{"LU", lu.Holidays},
		{"LV", lv.Holidays},
		{"MT", mt.Holidays},
		{"MW", mw.Holidays},
		{"MX", mx.Holidays},
		{"NC", nc.Holidays},
		{"NL", nl.Holidays},
		{"NO", withSundays(no.Holidays, noEaster, noWhit)},
		{"NZ", nz.Holidays},
		{"PL", pl.Holidays},
		{"PT", pt.Holidays},
		{"RO", ro.Holidays},
		{"RS", rs.Holidays},
		{"RU", ru.Holidays},
		{"SE", withSundays(se.Holidays, seEaster, seWhit)},
		{"SI", si.Holidays},
		{"SK", sk.Holidays},
		{"TH", th.Holidays},
		{"UA", ua.Holidays},
		{"US", us.Holidays},
		{"ZA", za.Holidays},
	}
}

func holidaysFor(code string) []*cal.Holiday {
	for _, c := range countries() {
		if c.code == code {
			return c.holidays
		}
	}
	return nil
}
