package calendar

import (
	"slices"
	"strings"

	"github.com/rickar/cal/v2"
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
// list and is looked up by state ("AU-NSW"). The slice is a fresh copy of
// the package's aggregate Holidays list; pass it to [WithHolidays]. An
// unknown code gives a [*CountryError] wrapping [ErrUnknownCountry].
func HolidaysFor(code string) ([]*cal.Holiday, error) {
	hs := holidaysFor(strings.ToUpper(strings.TrimSpace(code)))
	if hs == nil {
		return nil, &CountryError{Code: code}
	}
	return slices.Clone(hs), nil
}

// Countries returns the codes [HolidaysFor] knows, sorted.
func Countries() []string {
	return []string{
		"AR",
		"AT",
		"AU-ACT",
		"AU-NSW",
		"AU-NT",
		"AU-QLD",
		"AU-SA",
		"AU-TAS",
		"AU-VIC",
		"AU-WA",
		"BE",
		"BG",
		"BR",
		"CA",
		"CH",
		"CY",
		"CZ",
		"DE",
		"DK",
		"EE",
		"ES",
		"FI",
		"FR",
		"GB",
		"GR",
		"HR",
		"HU",
		"IE",
		"IS",
		"IT",
		"JP",
		"KE",
		"LT",
		"LU",
		"LV",
		"MT",
		"MW",
		"MX",
		"NC",
		"NL",
		"NO",
		"NZ",
		"PL",
		"PT",
		"RO",
		"RS",
		"RU",
		"SE",
		"SI",
		"SK",
		"TH",
		"UA",
		"US",
		"ZA",
	}
}

func holidaysFor(code string) []*cal.Holiday {
	switch code {
	case "AU-ACT":
		return au.HolidaysACT
	case "AU-NSW":
		return au.HolidaysNSW
	case "AU-NT":
		return au.HolidaysNT
	case "AU-QLD":
		return au.HolidaysQLD
	case "AU-SA":
		return au.HolidaysSA
	case "AU-TAS":
		return au.HolidaysTAS
	case "AU-VIC":
		return au.HolidaysVIC
	case "AU-WA":
		return au.HolidaysWA
	case "AR":
		return ar.Holidays
	case "AT":
		return at.Holidays
	case "BE":
		return be.Holidays
	case "BG":
		return bg.Holidays
	case "BR":
		return br.Holidays
	case "CA":
		return ca.Holidays
	case "CH":
		return ch.Holidays
	case "CY":
		return cy.Holidays
	case "CZ":
		return cz.Holidays
	case "DE":
		return de.Holidays
	case "DK":
		return dk.Holidays
	case "EE":
		return ee.Holidays
	case "ES":
		return es.Holidays
	case "FI":
		return fi.Holidays
	case "FR":
		return fr.Holidays
	case "GB":
		return gb.Holidays
	case "GR":
		return gr.Holidays
	case "HR":
		return hr.Holidays
	case "HU":
		return hu.Holidays
	case "IE":
		return ie.Holidays
	case "IS":
		return is.Holidays
	case "IT":
		return it.Holidays
	case "JP":
		return jp.Holidays
	case "KE":
		return ke.Holidays
	case "LT":
		return lt.Holidays
	case "LU":
		return lu.Holidays
	case "LV":
		return lv.Holidays
	case "MT":
		return mt.Holidays
	case "MW":
		return mw.Holidays
	case "MX":
		return mx.Holidays
	case "NC":
		return nc.Holidays
	case "NL":
		return nl.Holidays
	case "NO":
		return no.Holidays
	case "NZ":
		return nz.Holidays
	case "PL":
		return pl.Holidays
	case "PT":
		return pt.Holidays
	case "RO":
		return ro.Holidays
	case "RS":
		return rs.Holidays
	case "RU":
		return ru.Holidays
	case "SE":
		return se.Holidays
	case "SI":
		return si.Holidays
	case "SK":
		return sk.Holidays
	case "TH":
		return th.Holidays
	case "UA":
		return ua.Holidays
	case "US":
		return us.Holidays
	case "ZA":
		return za.Holidays
	}
	return nil
}
