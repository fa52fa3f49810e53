package calendar

import (
	"slices"
	"strings"
	"time"

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
// All Saints. The slice and every holiday in it are fresh copies, which
// the caller may change without changing what HolidaysFor returns to
// anyone else or any calendar already built; pass them to
// [WithHolidays]. An unknown code gives a [*CountryError] wrapping
// [ErrUnknownCountry].
//
// The lists are rickar/cal's, with these corrections:
//
//   - Easter Sunday and Whit Sunday, public holidays that fall on a
//     Sunday, are added where rickar/cal leaves them out: for Norway (lov
//     om helligdager og helligdagsfred § 2: "Første påskedag", "Første
//     pinsedag"), Denmark (helligdagsloven § 1: "Påskedag", "Pinsedag"),
//     Sweden (lag (1989:253) om allmänna helgdagar: "Påskdagen",
//     "Pingstdagen"), Iceland (lög nr. 88/1971 um 40 stunda
//     vinnuviku: "Páskadagur", "Hvítasunnudagur") and Brandenburg
//     (Feiertagsgesetz § 2: "Ostersonntag", "Pfingstsonntag"; the other
//     German states name no Sunday holiday, as every Sunday is protected
//     there). They change nothing on a desk closed on Sundays; a desk
//     open on Sundays closes on them, as those countries' desks do.
//   - German holidays are dated from the year the state made them:
//     Frauentag, 8 March, in Berlin from 2019 and in Mecklenburg-Vorpommern
//     from 2023 (rickar/cal counts it in Berlin in every year and leaves it
//     out in Mecklenburg-Vorpommern); Reformationstag, 31 October, in
//     Bremen, Hamburg, Lower Saxony and Schleswig-Holstein from 2018
//     (rickar/cal counts it in every year). The one-time holidays are
//     added: Reformationstag 2017 (500 years of the Reformation) in every
//     state that does not keep it every year, and in Berlin the Tag der
//     Befreiung, 8 May, in 2020 and 2025.
//
// Denmark's Store bededag is counted up to 2023, the last year it was a
// holiday. Build with the rickar/cal lists themselves (such as
// no.Holidays) for a calendar without these corrections.
func HolidaysFor(code string) ([]*cal.Holiday, error) {
	hs := holidaysFor(strings.ToUpper(strings.TrimSpace(code)))
	if hs == nil {
		return nil, &CountryError{Code: code}
	}
	return cloneHolidays(hs), nil
}

// cloneHolidays returns deep copies of hs, so that changing one (its
// name, its dates, its exception years) changes no other list. A nil
// element is kept nil.
func cloneHolidays(hs []*cal.Holiday) []*cal.Holiday {
	out := make([]*cal.Holiday, len(hs))
	for i, h := range hs {
		if h == nil {
			continue
		}
		c := *h
		c.Except = slices.Clone(h.Except)
		c.Observed = slices.Clone(h.Observed)
		out[i] = &c
	}
	return out
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

// The corrections to rickar/cal's lists (see HolidaysFor): fixed
// definitions, made once and never changed, of which HolidaysFor returns
// copies.
var (
	noEaster = sunday(aa.Easter, "Første påskedag")
	noWhit   = sunday(aa.Pentecost, "Første pinsedag")
	dkEaster = sunday(aa.Easter, "Påskedag")
	dkWhit   = sunday(aa.Pentecost, "Pinsedag")
	seEaster = sunday(aa.Easter, "Påskdagen")
	seWhit   = sunday(aa.Pentecost, "Pingstdagen")
	isEaster = sunday(aa.Easter, "Páskadagur")
	isWhit   = sunday(aa.Pentecost, "Hvítasunnudagur")
	bbEaster = sunday(aa.Easter, "Ostersonntag")
	bbWhit   = sunday(aa.Pentecost, "Pfingstsonntag")

	// Frauentag in Berlin from 2019 (Gesetz über die Sonn- und Feiertage
	// § 1, as amended in 2019) and in Mecklenburg-Vorpommern from 2023
	// (Feiertagsgesetz M-V § 2, as amended in 2022).
	beFrauentag = de.Frauentag.Clone(&cal.Holiday{StartYear: 2019})
	mvFrauentag = de.Frauentag.Clone(&cal.Holiday{StartYear: 2023})
	// Reformationstag in Bremen, Hamburg, Lower Saxony and
	// Schleswig-Holstein from 2018, after the one-time holiday of 2017.
	reformationstagNorth = de.Reformationstag.Clone(&cal.Holiday{StartYear: 2017})
	// Reformationstag 2017, a one-time holiday in every state.
	reformationstag2017 = de.Reformationstag.Clone(&cal.Holiday{StartYear: 2017, EndYear: 2017})
	// Tag der Befreiung, 8 May, a one-time holiday in Berlin in 2020 and
	// 2025.
	befreiung2020 = &cal.Holiday{Name: "Tag der Befreiung", Type: cal.ObservancePublic, Month: time.May, Day: 8,
		Func: cal.CalcDayOfMonth, StartYear: 2020, EndYear: 2020}
	befreiung2025 = befreiung2020.Clone(&cal.Holiday{StartYear: 2025, EndYear: 2025})
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

// withExtra returns base with extra added, in a new slice.
func withExtra(base []*cal.Holiday, extra ...*cal.Holiday) []*cal.Holiday {
	return append(slices.Clip(base), extra...)
}

// replaced returns base in a new slice with each holiday old replaced by
// its new, and extra added.
func replaced(base []*cal.Holiday, old, new *cal.Holiday, extra ...*cal.Holiday) []*cal.Holiday {
	out := slices.Clone(base)
	for i, h := range out {
		if h == old {
			out[i] = new
		}
	}
	return append(out, extra...)
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
		{"DE", withExtra(de.Holidays, reformationstag2017)},
		{"DE-BB", withSundays(de.HolidaysBB, bbEaster, bbWhit)},
		{"DE-BE", replaced(de.HolidaysBE, de.Frauentag, beFrauentag, reformationstag2017, befreiung2020, befreiung2025)},
		{"DE-BW", withExtra(de.HolidaysBW, reformationstag2017)},
		{"DE-BY", withExtra(de.HolidaysBY, reformationstag2017)},
		{"DE-HB", replaced(de.HolidaysHB, de.Reformationstag, reformationstagNorth)},
		{"DE-HE", withExtra(de.HolidaysHE, reformationstag2017)},
		{"DE-HH", replaced(de.HolidaysHH, de.Reformationstag, reformationstagNorth)},
		{"DE-MV", withExtra(de.HolidaysMV, mvFrauentag)},
		{"DE-NI", replaced(de.HolidaysNI, de.Reformationstag, reformationstagNorth)},
		{"DE-NW", withExtra(de.HolidaysNW, reformationstag2017)},
		{"DE-RP", withExtra(de.HolidaysRP, reformationstag2017)},
		{"DE-SH", replaced(de.HolidaysSH, de.Reformationstag, reformationstagNorth)},
		{"DE-SL", withExtra(de.HolidaysSL, reformationstag2017)},
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
		{"IS", withSundays(is.Holidays, isEaster, isWhit)},
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
