package calendar_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rickar/cal/v2/no"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

const deskJSON = `{
  "zone": "Europe/Oslo",
  "week": "mon-fri 08:00-16:00; sat 10:00-14:00",
  "holidays": "NO",
  "holiday_dates": "observed",
  "special_days": [
    {"date": "2026-12-24", "hours": "09:00-13:00", "label": "Christmas Eve"},
    {"date": "2026-12-31", "hours": "closed", "label": "New Year's Eve"}
  ],
  "first_year": 2020,
  "last_year": 2035
}`

func TestConfigJSON(t *testing.T) {
	var cfg calendar.Config
	require.NoError(t, json.Unmarshal([]byte(deskJSON), &cfg))
	want := calendar.Config{
		Zone:         "Europe/Oslo",
		Week:         calendar.MustParseWeek("mon-fri 08:00-16:00; sat 10:00-14:00"),
		Holidays:     "NO",
		HolidayDates: calendar.ObservedDates,
		SpecialDays: []calendar.SpecialDay{
			{Date: date(2026, 12, 24), Hours: calendar.MustParseHours("09:00-13:00"), Label: "Christmas Eve"},
			{Date: date(2026, 12, 31), Label: "New Year's Eve"},
		},
		FirstYear: 2020, LastYear: 2035,
	}
	assert.Equal(t, want, cfg)

	data, err := json.Marshal(cfg)
	require.NoError(t, err)
	assert.JSONEq(t, deskJSON, string(data))
	var back calendar.Config
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, cfg, back)

	c, err := cfg.Build()
	require.NoError(t, err)
	direct, err := calendar.New(mustLoad(t, "Europe/Oslo"), want.Week, calendar.WithHolidays(no.Holidays...),
		calendar.WithSpecialDays(want.SpecialDays...), calendar.WithYears(2020, 2035))
	require.NoError(t, err)
	from := rfc(t, "2026-01-01T00:00:00+01:00")
	to := from.AddDate(1, 0, 0)
	assert.Equal(t, direct.Elapsed(from, to), c.Elapsed(from, to))
	assert.Equal(t, "2026-12-31 special New Year's Eve", c.Day(date(2026, 12, 31)).String())
	start, end := c.Range()
	assert.Equal(t, 2020, start.Year())
	assert.Equal(t, 2036, end.Year())
}

func TestConfigDefaults(t *testing.T) {
	var cfg calendar.Config
	require.NoError(t, json.Unmarshal([]byte(`{"week": "mon-sun 00:00-24:00", "holiday_dates": "actual", "holidays": "us"}`), &cfg))
	c, err := cfg.Build()
	require.NoError(t, err)
	assert.Equal(t, time.UTC, c.Location())
	start, end := c.Range()
	assert.Equal(t, calendar.DefaultFirstYear, start.Year())
	assert.Equal(t, calendar.DefaultLastYear+1, end.Year())
	// 4 July 2026 is a Saturday: the actual date closes, not the observed Friday.
	assert.Equal(t, calendar.DayHoliday, c.Day(date(2026, 7, 4)).Kind)
	assert.Equal(t, calendar.DayOpen, c.Day(date(2026, 7, 3)).Kind)
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name   string
		json   string
		fields []string
		want   []error
	}{
		{"unknown zone", `{"zone": "Europe/Olso", "week": "mon 08:00-16:00"}`, []string{"zone"}, []error{calendar.ErrUnknownZone}},
		{"Local zone", `{"zone": "Local", "week": "mon 08:00-16:00"}`, []string{"zone"}, []error{calendar.ErrUnknownZone}},
		{"bad week", `{"week": "mon 17:00-08:00"}`, []string{"week"}, []error{calendar.ErrInvalidWeek, calendar.ErrEndBeforeStart}},
		{"no week", `{}`, []string{"week"}, []error{calendar.ErrNeverOpen}},
		{"unknown country", `{"week": "mon 08:00-16:00", "holidays": "XX"}`, []string{"holidays"}, []error{calendar.ErrUnknownCountry}},
		{"bad holiday dates", `{"week": "mon 08:00-16:00", "holiday_dates": "nearest"}`, []string{"holiday_dates"}, []error{calendar.ErrUnknownValue}},
		{"bad years", `{"week": "mon 08:00-16:00", "first_year": 2030, "last_year": 2020}`, []string{"years"}, []error{calendar.ErrInvalidYears}},
		{"bad special date", `{"week": "mon 08:00-16:00", "special_days": [{"date": "2026-02-30", "hours": "closed"}]}`, []string{"special_days[0].date"}, []error{calendar.ErrInvalidDate}},
		{"missing special date", `{"week": "mon 08:00-16:00", "special_days": [{"hours": "closed"}]}`, []string{"special_days[0].date"}, []error{calendar.ErrInvalidDate}},
		{"bad special hours", `{"week": "mon 08:00-16:00", "special_days": [{"date": "2026-02-03", "hours": "9-5"}]}`, []string{"special_days[0].hours"}, []error{calendar.ErrBadTime}},
		{"missing special hours", `{"week": "mon 08:00-16:00", "special_days": [{"date": "2026-12-24", "label": "Christmas Eve"}]}`, []string{"special_days[0].hours"}, []error{calendar.ErrSyntax}},
		{"null special hours", `{"week": "mon 08:00-16:00", "special_days": [{"date": "2026-12-24", "hours": null}]}`, []string{"special_days[0].hours"}, []error{calendar.ErrSyntax}},
		{"special date twice", `{"week": "mon 08:00-16:00", "special_days": [{"date": "2026-02-03", "hours": "closed"}, {"date": "2026-02-03", "hours": "10:00-11:00"}]}`, []string{"special_days[1]"}, []error{calendar.ErrInvalidDate}},
		{"special date after the years", `{"week": "mon 08:00-16:00", "first_year": 2020, "last_year": 2035, "special_days": [{"date": "2036-01-01", "hours": "closed"}]}`, []string{"special_days[0]"}, []error{calendar.ErrInvalidDate, calendar.ErrOutOfRange}},
		{"special date before the default years", `{"week": "mon 08:00-16:00", "special_days": [{"date": "1899-12-31", "hours": "10:00-11:00"}]}`, []string{"special_days[0]"}, []error{calendar.ErrInvalidDate, calendar.ErrOutOfRange}},
		{"unknown field", `{"week": "mon 08:00-16:00", "holiday": "NO"}`, []string{"holiday"}, []error{calendar.ErrSyntax}},
		{"unknown field beside other problems", `{"week": "mon 17:00-08:00", "holiday": "NO", "special_days": [{"date": "2026-02-30", "hours": "closed", "note": "x"}]}`,
			[]string{"holiday", "special_days[0].note", "week", "special_days[0].date"}, []error{calendar.ErrSyntax, calendar.ErrEndBeforeStart, calendar.ErrInvalidDate}},
		{"field in other case", `{"week": "mon 08:00-16:00", "Zone": "Europe/Oslo"}`, []string{"Zone"}, []error{calendar.ErrSyntax}},
		{"field twice", `{"week": "mon 08:00-16:00", "week": "tue 08:00-16:00"}`, []string{"week"}, []error{calendar.ErrSyntax}},
		{"special day field in other case", `{"week": "mon 08:00-16:00", "special_days": [{"date": "2026-02-03", "Hours": "10:00-11:00"}]}`, []string{"special_days[0].Hours"}, []error{calendar.ErrSyntax}},
		{"not an object", `["mon 08:00-16:00"]`, []string{""}, []error{calendar.ErrSyntax}},
		// A value of the wrong JSON type gave one problem at the calendar,
		// naming Go internals, and hid every other problem.
		{"first year as text", `{"week": "mon 08:00-16:00", "first_year": "2020"}`, []string{"first_year"}, []error{calendar.ErrSyntax}},
		{"special days as an object", `{"week": "mon 08:00-16:00", "special_days": {}}`, []string{"special_days"}, []error{calendar.ErrSyntax}},
		{"week as a number", `{"week": 5}`, []string{"week"}, []error{calendar.ErrSyntax}},
		{"special day not an object", `{"week": "mon 08:00-16:00", "special_days": ["2026-12-24"]}`, []string{"special_days[0]"}, []error{calendar.ErrSyntax}},
		{"special hours as a list", `{"week": "mon 08:00-16:00", "special_days": [{"date": "2026-12-24", "hours": ["closed"]}]}`, []string{"special_days[0].hours"}, []error{calendar.ErrSyntax}},
		{"year out of int range", `{"week": "mon 08:00-16:00", "last_year": 1e40}`, []string{"last_year"}, []error{calendar.ErrSyntax}},
		{
			"wrong types beside other problems",
			`{"zone": "Mars/Olympus", "week": 5, "holiday": "NO", "first_year": "2020", "label": 1,
			  "special_days": [{"date": 20261224, "hours": "closed"}, "2026-12-31", {"date": "2026-12-30", "hours": "25:00-26:00", "label": 7}]}`,
			[]string{"holiday", "label", "week", "first_year", "special_days[0].date", "special_days[1]", "special_days[2].label", "special_days[2].hours", "zone"},
			[]error{calendar.ErrSyntax, calendar.ErrBadTime, calendar.ErrUnknownZone},
		},
		// Holiday dates were accepted and ignored on a calendar without
		// holidays.
		{"holiday dates without holidays", `{"week": "mon 08:00-16:00", "holiday_dates": "actual"}`, []string{"holiday_dates"}, []error{calendar.ErrInvalidConfig}},
		{"observed dates without holidays", `{"week": "mon 08:00-16:00", "holiday_dates": "observed"}`, []string{"holiday_dates"}, []error{calendar.ErrInvalidConfig}},
		// Empty hours closed the day without a word, although a special day
		// must say "closed" to be closed.
		{"empty special hours", `{"week": "mon 08:00-16:00", "special_days": [{"date": "2026-12-24", "hours": ""}]}`, []string{"special_days[0].hours"}, []error{calendar.ErrSyntax, calendar.ErrInvalidWeek}},
		{"blank special hours", `{"week": "mon 08:00-16:00", "special_days": [{"date": "2026-12-24", "hours": "  "}]}`, []string{"special_days[0].hours"}, []error{calendar.ErrSyntax, calendar.ErrInvalidWeek}},
		{
			"every problem at once",
			`{"zone": "Mars/Olympus", "week": "mon-fry 08:00-16:00", "holidays": "XX", "holiday_dates": "nearest", "first_year": 3000, "last_year": 2000,
			  "special_days": [{"date": "24.12.2026", "hours": "09:00-13:00"}, {"date": "2026-12-31", "hours": "25:00-26:00"}, {"date": "2026-12-30", "hours": "10:00-12:00,11:00-13:00"},
			                   {"date": "2026-12-29", "hours": "closed"}, {"date": "2026-12-29", "hours": "10:00-12:00"}]}`,
			[]string{"week", "holiday_dates", "special_days[0].date", "special_days[1].hours", "special_days[2].hours", "zone", "holidays", "years", "special_days[4]"},
			[]error{calendar.ErrUnknownDay, calendar.ErrUnknownValue, calendar.ErrInvalidDate, calendar.ErrBadTime, calendar.ErrOverlap, calendar.ErrUnknownZone, calendar.ErrUnknownCountry, calendar.ErrInvalidYears},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := calendar.Config{Zone: "unchanged"}
			err := json.Unmarshal([]byte(tt.json), &cfg)
			if err == nil { // text fine: the problem is in the values
				assert.Equal(t, cfg.Validate() == nil, false)
				var c *calendar.Calendar
				c, err = cfg.Build()
				assert.Nil(t, c)
				assert.Equal(t, err.Error(), cfg.Validate().Error())
			} else {
				assert.Equal(t, "unchanged", cfg.Zone, "a failed Unmarshal leaves the config alone")
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, calendar.ErrInvalidConfig)
			for _, want := range tt.want {
				assert.ErrorIs(t, err, want)
			}
			assert.Equal(t, tt.fields, configFields(err))
		})
	}
}

// TestConfigErrorWords: a problem of the JSON says what is wrong in the
// document's words, not Go's.
func TestConfigErrorWords(t *testing.T) {
	tests := []struct {
		json string
		want string
	}{
		{`{"week": "mon 08:00-16:00", "first_year": "2020"}`, `calendar: invalid config: first_year: calendar: syntax error: wrong type: a string, want an integer`},
		{`{"week": "mon 08:00-16:00", "first_year": 2020.5}`, `calendar: invalid config: first_year: calendar: syntax error: 2020.5 is not an integer such as 2020`},
		{`{"week": "mon 08:00-16:00", "special_days": {}}`, `calendar: invalid config: special_days: calendar: syntax error: wrong type: an object, want an array (a list of one is written [{…}])`},
		{`{"week": 5}`, `calendar: invalid config: week: calendar: syntax error: wrong type: a number, want a string such as "mon-fri 08:00-16:00"`},
		{`["mon 08:00-16:00"]`, `calendar: invalid config: calendar: syntax error: wrong type: an array, want an object`},
		{`"mon 08:00-16:00"`, `calendar: invalid config: calendar: syntax error: wrong type: a string, want an object`},
		{`{"week": "mon 08:00-16:00", "special_days": [{"date": "2026-12-24", "hours": ""}]}`,
			`calendar: invalid config: special_days[0].hours: calendar: invalid week: calendar: syntax error: empty: give the day's hours, such as "09:00-13:00", or "closed" for a day closed all day`},
	}
	for _, tt := range tests {
		var cfg calendar.Config
		err := json.Unmarshal([]byte(tt.json), &cfg)
		require.Error(t, err, tt.json)
		assert.Equal(t, tt.want, err.Error(), tt.json)
		assert.NotContains(t, err.Error(), "Go ", tt.json)
		assert.NotContains(t, err.Error(), "configText", tt.json)
	}
}

// configFields lists the fields of the ConfigErrors joined in err.
func configFields(err error) []string {
	var fields []string
	var walk func(error)
	walk = func(err error) {
		var ce *calendar.ConfigError
		if errors.As(err, &ce) && err == error(ce) {
			fields = append(fields, ce.Field)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
		}
	}
	walk(err)
	return fields
}

func TestConfigBuildNeverOpen(t *testing.T) {
	// Valid, but the only hours fall in the hour Oslo skips in spring.
	cfg := calendar.Config{Zone: "Europe/Oslo", Week: calendar.Week{}, FirstYear: 2026, LastYear: 2026,
		SpecialDays: []calendar.SpecialDay{{Date: date(2026, 3, 29), Hours: calendar.MustParseHours("02:00-03:00")}}}
	require.NoError(t, cfg.Validate())
	_, err := cfg.Build()
	assert.ErrorIs(t, err, calendar.ErrNeverOpen)
	assert.ErrorIs(t, err, calendar.ErrInvalidConfig)
}

func TestConfigBuildNeverOpenClosedDays(t *testing.T) {
	// Valid, but closed special days cover every Monday of the one year.
	cfg := calendar.Config{Week: calendar.MustParseWeek("mon 08:00-16:00"), FirstYear: 2026, LastYear: 2026}
	for d := date(2026, 1, 5); d.Year == 2026; d = d.AddDays(7) {
		cfg.SpecialDays = append(cfg.SpecialDays, calendar.Closed(d))
	}
	require.NoError(t, cfg.Validate())
	_, err := cfg.Build()
	assert.ErrorIs(t, err, calendar.ErrNeverOpen)
	assert.ErrorIs(t, err, calendar.ErrInvalidConfig)
}

func TestTextMarshalling(t *testing.T) {
	week := calendar.MustParseWeek("mon-fri 08:00-12:00,13:00-17:00; sun 22:00-06:00+1")
	data, err := json.Marshal(struct {
		Week     calendar.Week         `json:"week"`
		Date     calendar.Date         `json:"date"`
		Hours    calendar.Hours        `json:"hours"`
		Closed   calendar.Hours        `json:"closed"`
		Interval calendar.Interval     `json:"interval"`
		Dates    calendar.HolidayDates `json:"dates"`
	}{week, date(2026, 12, 24), calendar.MustParseHours("13:00-15:00,09:00-12:00"), nil, calendar.Interval{Start: 22 * time.Hour, End: 30 * time.Hour}, calendar.ActualDates})
	require.NoError(t, err)
	assert.JSONEq(t, `{"week":"mon-fri 08:00-12:00,13:00-17:00; sun 22:00-06:00+1","date":"2026-12-24","hours":"09:00-12:00,13:00-15:00","closed":"closed","interval":"22:00-06:00+1","dates":"actual"}`, string(data))

	var back struct {
		Week     calendar.Week
		Date     calendar.Date
		Hours    calendar.Hours
		Closed   calendar.Hours
		Interval calendar.Interval
		Dates    calendar.HolidayDates
	}
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, week, back.Week)
	assert.Equal(t, date(2026, 12, 24), back.Date)
	assert.Equal(t, calendar.MustParseHours("09:00-12:00,13:00-15:00"), back.Hours)
	assert.Empty(t, back.Closed)
	assert.Equal(t, calendar.Interval{Start: 22 * time.Hour, End: 30 * time.Hour}, back.Interval)
	assert.Equal(t, calendar.ActualDates, back.Dates)

	var zero calendar.Date
	text, err := zero.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, text)
	require.NoError(t, zero.UnmarshalText(nil))
	assert.Equal(t, calendar.Date{}, zero)
}

func TestTextMarshallingErrors(t *testing.T) {
	_, err := calendar.Week{time.Monday: {{Start: 9 * time.Hour, End: 8 * time.Hour}}}.MarshalText()
	assert.ErrorIs(t, err, calendar.ErrEndBeforeStart)
	_, err = calendar.Hours{{Start: 8 * time.Hour, End: 12 * time.Hour}, {Start: 11 * time.Hour, End: 13 * time.Hour}}.MarshalText()
	assert.ErrorIs(t, err, calendar.ErrOverlap)
	_, err = calendar.Interval{Start: 25 * time.Hour, End: 26 * time.Hour}.MarshalText()
	assert.ErrorIs(t, err, calendar.ErrBadTime)
	_, err = date(2026, 2, 30).MarshalText()
	assert.ErrorIs(t, err, calendar.ErrInvalidDate)
	_, err = date(10000, 1, 1).MarshalText()
	assert.ErrorIs(t, err, calendar.ErrInvalidDate)
	_, err = calendar.HolidayDates("nearest").MarshalText()
	assert.ErrorIs(t, err, calendar.ErrUnknownValue)
	_, err = calendar.DayKind("shut").MarshalText()
	assert.ErrorIs(t, err, calendar.ErrUnknownValue, "a kind that UnmarshalText would refuse")
	_, err = json.Marshal(calendar.Day{Date: date(2026, 5, 13), Kind: "shut"})
	assert.ErrorIs(t, err, calendar.ErrUnknownValue)

	var w calendar.Week
	assert.ErrorIs(t, w.UnmarshalText([]byte("mon 9-5")), calendar.ErrBadTime)
	var iv calendar.Interval
	assert.ErrorIs(t, iv.UnmarshalText([]byte("08:00")), calendar.ErrSyntax)
	var h calendar.Hours
	assert.ErrorIs(t, h.UnmarshalText([]byte("08:00-09:00,08:30-10:00")), calendar.ErrOverlap)
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		text string
		want calendar.Date
	}{
		{"2026-12-24", date(2026, 12, 24)},
		{"2028-02-29", date(2028, 2, 29)},
		{"0000-01-01", date(0, 1, 1)},
		{"9999-12-31", date(9999, 12, 31)},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := calendar.ParseDate(tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.text, got.String())
		})
	}
}

func TestParseDateErrors(t *testing.T) {
	for _, text := range []string{"", "2026-12-24T00:00", "2026-2-3", "26-12-24", "2026/12/24", "2027-02-29", "2026-13-01", "2026-00-10", "2026-12-00", "+026-12-24", "2026-1a-01", " 2026-12-24"} {
		t.Run(text, func(t *testing.T) {
			_, err := calendar.ParseDate(text)
			assert.ErrorIs(t, err, calendar.ErrInvalidDate)
			var de *calendar.DateError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, text, de.Text)
		})
	}
}

func TestDateArithmetic(t *testing.T) {
	d := date(2026, 12, 30)
	assert.Equal(t, date(2027, 1, 2), d.AddDays(3))
	assert.Equal(t, date(2026, 2, 28), date(2026, 3, 1).AddDays(-1))
	assert.Equal(t, time.Wednesday, d.Weekday())
	assert.Equal(t, time.Thursday, date(1970, 1, 1).Weekday())
	assert.Equal(t, time.Sunday, date(1969, 12, 28).Weekday())
	assert.Equal(t, -1, d.Compare(d.AddDays(1)))
	assert.Equal(t, 1, d.Compare(date(2026, 11, 30)))
	assert.Equal(t, 0, d.Compare(date(2026, 12, 30)))
	assert.Equal(t, -1, date(2025, 12, 31).Compare(d))
}

// TestIntervalGivenTwice: the same interval written twice on a day is an
// overlap like any other, in the weekly hours and in a special day's, not
// a week whose text and fingerprint differ from the one it acts as.
func TestIntervalGivenTwice(t *testing.T) {
	for _, text := range []string{"mon-fri 08:00-16:00; mon-fri 08:00-16:00", "mon 08:00-16:00,08:00-16:00", "sun 22:00-06:00+1; sun 22:00-06:00+1"} {
		_, err := calendar.ParseWeek(text)
		assert.ErrorIs(t, err, calendar.ErrOverlap, text)
	}
	iv := calendar.Interval{Start: 8 * time.Hour, End: 16 * time.Hour}
	assert.ErrorIs(t, calendar.Week{time.Monday: {iv, iv}}.Validate(), calendar.ErrOverlap)
	_, err := calendar.ParseHours("09:00-13:00,09:00-13:00")
	assert.ErrorIs(t, err, calendar.ErrOverlap)

	var cfg calendar.Config
	err = json.Unmarshal([]byte(`{"week": "mon-fri 08:00-16:00; mon 08:00-16:00", "special_days": [{"date": "2026-12-24", "hours": "09:00-13:00,09:00-13:00"}]}`), &cfg)
	var fields []string
	for _, e := range unjoinAll(err) {
		var ce *calendar.ConfigError
		if errors.As(e, &ce) {
			fields = append(fields, ce.Field)
		}
	}
	assert.Equal(t, []string{"week", "special_days[0].hours"}, fields)

	_, err = calendar.ParseWeek("mon 08:00-12:00,12:00-16:00; mon-fri 22:00-06:00+1")
	assert.NoError(t, err, "touching intervals and an overnight interval's two parts are no overlap")
}

// unjoinAll returns the errors joined in err, recursively.
func unjoinAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok && reflect.TypeOf(err) == reflect.TypeOf(errors.Join(errors.New(""))) {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, unjoinAll(e)...)
		}
		return out
	}
	return []error{err}
}

// TestConfigBounds: a config is text from a file, and what it costs to
// build grows with its intervals and years (holidays cut the weekly
// pattern in every year), so a config has at most MaxConfigIntervals
// intervals on a weekday or special day and covers at most
// MaxConfigYears years: an 8 KB week of 720 intervals a day with US
// holidays over the years 1 to 9999 would take 40 s and 3.5 GB to build.
func TestConfigBounds(t *testing.T) {
	day := func(n int) string { // n one-minute intervals
		ivs := make([]string, n)
		for i := range ivs {
			ivs[i] = fmt.Sprintf("%02d:%02d-%02d:%02d", 2*i/60, 2*i%60, (2*i+1)/60, (2*i+1)%60)
		}
		return strings.Join(ivs, ",")
	}
	cfg := func(text string) calendar.Config {
		var c calendar.Config
		require.NoError(t, json.Unmarshal([]byte(text), &c))
		return c
	}

	ok := cfg(fmt.Sprintf(`{"week": "mon %s", "special_days": [{"date": "2026-12-24", "hours": %q}], "first_year": 2000, "last_year": %d}`,
		day(calendar.MaxConfigIntervals), day(calendar.MaxConfigIntervals), 2000+calendar.MaxConfigYears-1))
	require.NoError(t, ok.Validate())

	tooMany := cfg(fmt.Sprintf(`{"week": "mon %s; tue 08:00-09:00", "holidays": "US", "special_days": [{"date": "2026-12-24", "hours": %q}],
	  "first_year": 1, "last_year": 9999}`, day(calendar.MaxConfigIntervals+1), day(calendar.MaxConfigIntervals+1)))
	err := tooMany.Validate()
	assert.Equal(t, []string{"week", "years", "special_days[0]"}, configFields(err))
	assert.ErrorIs(t, err, calendar.ErrInvalidConfig)
	assert.ErrorIs(t, err, calendar.ErrInvalidWeek)
	assert.ErrorIs(t, err, calendar.ErrInvalidYears)
	assert.ErrorContains(t, err, fmt.Sprintf("week: calendar: invalid week: mon has %d intervals, at most %d in a config", calendar.MaxConfigIntervals+1, calendar.MaxConfigIntervals))
	_, err = tooMany.Build()
	assert.ErrorIs(t, err, calendar.ErrInvalidYears, "refused before it is built")

	// The default years are within the bound, and a first year alone
	// takes the default last year.
	require.NoError(t, cfg(`{"week": "mon 08:00-16:00"}`).Validate())
	assert.ErrorIs(t, cfg(`{"week": "mon 08:00-16:00", "first_year": 1000}`).Validate(), calendar.ErrInvalidYears)
}

// IntervalYears is weekly intervals times years, with the default years
// when a config gives none, and 0 for a config refused for its years or
// intervals (it is never built).
func TestConfigIntervalYears(t *testing.T) {
	week, err := calendar.ParseWeek("mon-fri 08:00-12:00,13:00-16:00; sat 10:00-14:00")
	require.NoError(t, err)
	assert.Equal(t, 11*3, calendar.Config{Week: week, FirstYear: 2026, LastYear: 2028}.IntervalYears())
	assert.Equal(t, 11*(calendar.DefaultLastYear-calendar.DefaultFirstYear+1), calendar.Config{Week: week}.IntervalYears())
	assert.Equal(t, 0, calendar.Config{FirstYear: 2026, LastYear: 2026}.IntervalYears(), "never open")
	assert.Equal(t, 0, calendar.Config{Week: week, FirstYear: 2027, LastYear: 2026}.IntervalYears(), "no years")
	assert.Equal(t, 0, calendar.Config{Week: week, FirstYear: 1000, LastYear: 1000 + calendar.MaxConfigYears}.IntervalYears(), "too many years")
	var crowded calendar.Week
	for h := range calendar.MaxConfigIntervals + 1 {
		crowded[time.Monday] = append(crowded[time.Monday], calendar.Interval{Start: time.Duration(h) * 20 * time.Minute, End: time.Duration(h)*20*time.Minute + 10*time.Minute})
	}
	assert.Equal(t, 0, calendar.Config{Week: crowded, FirstYear: 2026, LastYear: 2026}.IntervalYears(), "too many intervals a day")
}
