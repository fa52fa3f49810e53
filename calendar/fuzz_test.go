package calendar_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/rickar/cal/v2/no"
	"github.com/stretchr/testify/require"

	"github.com/servicedesk-go/desk/calendar"
)

func FuzzParseWeek(f *testing.F) {
	for _, s := range []string{
		"", "mon-fri 08:00-16:00", "mon-fri 08:00-12:00,13:00-17:00; sat 10:00-14:00",
		"fri-mon 22:00-06:00+1", "sun 00:00-24:00", "mon 08:00:30-09:00:15", "tue closed",
		"mon-fry 25:00-08:00", "mon 08:00-12:00,11:00-13:00", ";;", "mon 8:00-9:00+1+1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		w, err := calendar.ParseWeek(spec)
		if err != nil {
			require.ErrorIs(t, err, calendar.ErrInvalidWeek)
			return
		}
		require.NoError(t, w.Validate())
		back, err := calendar.ParseWeek(w.String())
		require.NoError(t, err, "String gave %q", w.String())
		require.Equal(t, w, back)
		_, _ = calendar.ParseHours(spec)
	})
}

func FuzzAddElapsed(f *testing.F) {
	desks := []*calendar.Calendar{
		mustNew(f, "Europe/Oslo", "mon-fri 08:00-16:00", calendar.WithHolidays(no.Holidays...), calendar.WithYears(2020, 2035),
			calendar.WithSpecialDays(calendar.SpecialDay{Date: calendar.Date{Year: 2026, Month: 12, Day: 24}, Hours: calendar.MustParseHours("09:00-13:00")})),
		mustNew(f, "Europe/Oslo", "tue-thu 01:30-02:30,08:00-12:00; fri-sun 22:00-06:00+1", calendar.WithYears(2020, 2035)),
		mustNew(f, "Australia/Lord_Howe", "mon-sun 01:45-02:15,09:00-17:00", calendar.WithYears(2020, 2035)),
		mustNew(f, "Pacific/Chatham", "mon-sun 02:00-04:00,20:00-01:00+1", calendar.WithYears(2020, 2035)),
		calendar.Always(mustLoad(f, "America/New_York")),
	}
	newYork := mustNew(f, "America/New_York", "mon-fri 08:00-17:00", calendar.WithYears(2020, 2035))
	both, err := calendar.Intersect(desks[0], newYork)
	require.NoError(f, err)
	either, err := calendar.Union(desks[1], newYork, desks[2])
	require.NoError(f, err)
	narrow, err := calendar.New(time.UTC, calendar.MustParseWeek("mon-sun 00:00-24:00"), calendar.WithYears(2022, 2027))
	require.NoError(f, err)
	clipped, err := calendar.Intersect(desks[0], narrow) // a copy of desks[0] ending with 2027 UTC
	require.NoError(f, err)
	desks = append(desks, both, either, clipped)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	f.Add(uint8(0), int64(0), int64(0), int64(0), int64(0))
	f.Add(uint8(0), int64(7*86400+7*3600), int64(8*time.Hour), int64(3600), int64(86400))
	f.Add(uint8(1), int64(87*86400), int64(-9*time.Hour), int64(1), int64(999_999_999))
	f.Add(uint8(2), int64(94*86400), int64(time.Hour+1), int64(-5000), int64(400*86400))
	f.Add(uint8(3), int64(-1), int64(365*24*time.Hour), int64(1<<40), int64(-1<<40))
	f.Add(uint8(4), int64(300*86400), int64(-1<<62), int64(1<<62), int64(3))
	f.Add(uint8(5), int64(68*86400+13*3600), int64(3*time.Hour), int64(-7200), int64(86400*9))
	f.Add(uint8(6), int64(300*86400), int64(-50*time.Hour), int64(1<<40), int64(5))
	f.Add(uint8(7), int64(730*86400+86400*364), int64(30*time.Hour), int64(730*86400), int64(-5))
	f.Fuzz(func(t *testing.T, which uint8, offset, d, bOffset, cOffset int64) {
		c := desks[int(which)%len(desks)]
		at := func(sec int64) time.Time {
			sec %= 3 * 365 * 86400
			return time.Unix(base+sec, (sec*7919)%1_000_000_000+1_000_000_000).UTC()
		}
		tm := at(offset)
		dur := time.Duration(d % int64(400*24*time.Hour))

		u, err := c.AddChecked(tm, dur)
		require.Equal(t, u, c.Add(tm, dur))
		switch {
		case dur == 0:
			require.True(t, u.Equal(tm))
		case err != nil:
			require.ErrorIs(t, err, calendar.ErrOutOfRange)
		case dur > 0:
			require.False(t, u.Before(tm), "Add(%v, %v) = %v", tm, dur, u)
			require.Equal(t, dur, c.Elapsed(tm, u), "Elapsed(%v, Add(%v, %v))", tm, tm, dur)
			require.True(t, c.IsOpen(u) || c.IsOpen(u.Add(-time.Nanosecond)), "Add(%v, %v) = %v is neither open nor a closing instant", tm, dur, u)
		default:
			require.False(t, u.After(tm), "Add(%v, %v) = %v", tm, dur, u)
			require.Equal(t, -dur, c.Elapsed(u, tm), "Elapsed(Add(%v, %v), %v)", tm, dur, tm)
			require.True(t, c.IsOpen(u), "Add(%v, %v) = %v is not open", tm, dur, u)
		}

		a, b, cc := tm, at(bOffset), at(cOffset)
		if b.Before(a) {
			a, b = b, a
		}
		if cc.Before(b) {
			b, cc = cc, b
		}
		if b.Before(a) {
			a, b = b, a
		}
		require.Equal(t, c.Elapsed(a, cc), c.Elapsed(a, b)+c.Elapsed(b, cc), "additivity %v %v %v", a, b, cc)
		require.LessOrEqual(t, c.Elapsed(a, b), b.Sub(a))

		next := c.NextOpen(a)
		require.False(t, next.Before(a))
		require.Zero(t, c.Elapsed(a, next))
		closing := c.NextClose(a)
		require.False(t, closing.Before(a))
		require.Equal(t, closing.Sub(a), c.Elapsed(a, closing))
		require.False(t, c.IsOpen(closing))
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-24", "0000-01-01", "9999-12-31", "2027-02-29", "2026-1-1", "", "2026-12-24x", "-001-01-01", "2026-+1-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := calendar.ParseDate(s)
		if err != nil {
			require.ErrorIs(t, err, calendar.ErrInvalidDate)
			return
		}
		require.Equal(t, s, d.String())
		text, err := d.MarshalText()
		require.NoError(t, err)
		var back calendar.Date
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, d, back)
		require.Equal(t, d, d.AddDays(40).AddDays(-40))
		require.Equal(t, -1, d.Compare(d.AddDays(1)))
	})
}

func FuzzParseHours(f *testing.F) {
	for _, s := range []string{"09:00-13:00", "08:00-12:00,13:00-15:00", "closed", "", "22:00-06:00+1", "24:00-01:00", "08:00-12:00,11:00-13:00", "8:00:60-9:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := calendar.ParseHours(s)
		if err != nil {
			require.ErrorIs(t, err, calendar.ErrInvalidWeek)
			return
		}
		text, err := h.MarshalText()
		require.NoError(t, err)
		var back calendar.Hours
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, h.String(), back.String())
		require.Equal(t, len(h), len(back))
		for i := range h {
			require.Equal(t, h[i], back[i])
		}
	})
}

func FuzzConfigJSON(f *testing.F) {
	for _, s := range []string{
		`{"zone": "Europe/Oslo", "week": "mon-fri 08:00-16:00", "holidays": "NO", "special_days": [{"date": "2026-12-24", "hours": "09:00-13:00", "label": "Christmas Eve"}], "first_year": 2026, "last_year": 2027}`,
		`{"week": "mon-sun 00:00-24:00", "holiday_dates": "actual", "holidays": "us", "first_year": 2026, "last_year": 2026}`,
		`{"zone": "Mars/Olympus", "week": "mon-fry 08:00-16:00", "holidays": "XX", "special_days": [{"date": "2026-02-30", "hours": "25:00-26:00"}]}`,
		`{"week": "", "special_days": [{"date": "2026-03-29", "hours": "02:00-03:00"}], "zone": "Europe/Oslo", "first_year": 2026, "last_year": 2026}`,
		`{}`, `null`, `[]`, `{"week": 5}`, `{"week": "mon 08:00-09:00", "extra": 1}`,
		`{"week": "mon 08:00-09:00", "first_year": "2020", "special_days": [{"date": 1, "hours": ""}, 2, {"Hours": "closed"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var cfg calendar.Config
		if err := json.Unmarshal(data, &cfg); err != nil {
			if json.Valid(data) { // else package json rejects it before Config sees it
				require.ErrorIs(t, err, calendar.ErrInvalidConfig)
				// in the document's words, not Go's
				require.NotContains(t, err.Error(), "Go ")
				require.NotContains(t, err.Error(), "calendar.")
			}
			return
		}
		out, err := json.Marshal(cfg)
		require.NoError(t, err)
		var back calendar.Config
		require.NoError(t, json.Unmarshal(out, &back), "%s", out)
		require.Equal(t, cfg, back, "%s", out)
		again, err := json.Marshal(back)
		require.NoError(t, err)
		require.JSONEq(t, string(out), string(again))

		if cfg.FirstYear == 0 || cfg.LastYear == 0 || cfg.LastYear-cfg.FirstYear > 20 {
			return // keep each input cheap: building 500 years takes milliseconds
		}
		c, err := cfg.Build()
		if err != nil {
			require.ErrorIs(t, err, calendar.ErrInvalidConfig)
			return
		}
		require.NoError(t, cfg.Validate())
		start, _ := c.Range()
		require.Equal(t, cfg.FirstYear, start.Year())
		for _, sd := range cfg.SpecialDays { // each one in the years, so Day shows it
			day := c.Day(sd.Date)
			require.Equal(t, calendar.DaySpecial, day.Kind, "%v", sd.Date)
			require.Equal(t, sd.Label, day.Name)
			require.Equal(t, sd.Hours.String(), day.Hours.String())
		}
	})
}
