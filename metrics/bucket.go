package metrics

import (
	"fmt"
	"math"
	"time"
)

// A bucket key names the time bucket of a dimension. For hours it is the
// hour's start in Unix seconds: hours are cut on the real time line, so
// the two 02:00 hours of an October night are two buckets and the skipped
// March hour none. An hour that a change of offset by less than an hour
// cuts (Lord Howe Island's 30 minutes) is two buckets, each keyed by the
// instant it begins, never by an instant of the hour before; a zone period
// that begins without a change of offset (time.ZoneBounds reports one at
// the start of each year its rules compute) cuts no hour. For days, ISO
// weeks (from Monday), months and years, the key is the civil day number
// (days since 1970-01-01) of the bucket's first local date. Keys of civil
// buckets are computed from the wall-clock date without any zone lookup
// or 24-hour arithmetic, so DST days have their 23 or 25 hours by
// construction.

// zoneCache reads instants on the wall clock of one location, keeping the
// zone period (offset and bounds) of the last instant it looked up: the
// instants of a report fall in a few periods (two a year in Oslo), so most
// need no lookup at all.
type zoneCache struct {
	loc        *time.Location
	start, end int64 // the period [start, end) in Unix seconds; empty before the first lookup
	offset     int64 // seconds east of UTC in the period
}

// local returns t's wall-clock seconds in z's location, counted from
// 1970-01-01T00:00 local (t's Unix seconds plus the zone offset at t).
func (z *zoneCache) local(t time.Time) int64 {
	u := t.Unix()
	if u < z.start || u >= z.end {
		lt := t.In(z.loc)
		_, off := lt.Zone()
		from, to := lt.ZoneBounds()
		z.offset, z.start, z.end = int64(off), math.MinInt64, math.MaxInt64
		if !from.IsZero() {
			z.start = from.Unix()
		}
		if !to.IsZero() {
			z.end = to.Unix()
		}
	}
	return u + z.offset
}

// bucketKey returns the key of the bucket of d holding t: bucketKey(d,
// t.In(z.loc)), from t's local seconds.
func (z *zoneCache) bucketKey(d Dimension, t time.Time) int64 {
	local := z.local(t)
	if d == DimHour {
		k := t.Unix() - floorMod(local, 3600)
		if k < z.start && int64(offsetAt(z.loc, k)) != z.offset {
			k = z.start // the offset changed within the hour
		}
		return k
	}
	days := floorDiv(local, 86400)
	switch d {
	case DimDay:
		return days
	case DimWeek:
		return days - sinceMonday(days)
	}
	y, m, _ := civilFromDays(days)
	if d == DimMonth {
		return daysFromCivil(y, m, 1)
	}
	return daysFromCivil(y, 1, 1)
}

// sinceMonday returns the days from the Monday before (or of) civil day
// number days to it: 0 on a Monday, 6 on a Sunday.
func sinceMonday(days int64) int64 { return floorMod(days+3, 7) } // 1970-01-01 was a Thursday

// floorDiv and floorMod are integer division and remainder rounding
// toward −∞ (b > 0), so instants before 1970 land in their day.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

// offsetAt returns the offset of loc at the instant u (Unix seconds).
func offsetAt(loc *time.Location, u int64) int {
	_, off := time.Unix(u, 0).In(loc).Zone()
	return off
}

// bucketKey returns the key of the bucket of d that t falls in, with t
// already in the report's location.
func bucketKey(d Dimension, lt time.Time) int64 {
	if d == DimHour {
		k := lt.Unix() - int64(lt.Minute()*60+lt.Second())
		if _, off := lt.Zone(); offsetAt(lt.Location(), k) != off {
			// The offset changed within the hour: the bucket begins at
			// the change.
			if from, _ := lt.ZoneBounds(); !from.IsZero() && from.Unix() > k {
				k = from.Unix()
			}
		}
		return k
	}
	y, m, day := lt.Date()
	switch d {
	case DimDay:
		return daysFromCivil(y, m, day)
	case DimWeek:
		return daysFromCivil(y, m, day) - int64((int(lt.Weekday())+6)%7)
	case DimMonth:
		return daysFromCivil(y, m, 1)
	}
	return daysFromCivil(y, 1, 1)
}

// bucketStart returns the first instant of the bucket of d with key k in loc.
func bucketStart(d Dimension, k int64, loc *time.Location) time.Time {
	if d == DimHour {
		return time.Unix(k, 0).In(loc)
	}
	y, m, day := civilFromDays(k)
	return time.Date(y, m, day, 0, 0, 0, 0, loc)
}

// keyOfStart returns the key of the bucket of d starting at t (as
// decoded: t's own offset gives its local date).
func keyOfStart(d Dimension, t time.Time) int64 {
	if d == DimHour {
		return t.Unix()
	}
	y, m, day := t.Date()
	return daysFromCivil(y, m, day)
}

// nextKey returns the key of the bucket after the one with key k.
func nextKey(d Dimension, k int64, loc *time.Location) int64 {
	switch d {
	case DimHour:
		// The next local hour at k's offset, unless the offset changes
		// before it: the next bucket then begins at the change (a bucket
		// may be shorter than an hour, so k + 1h may lie beyond the next).
		lt := time.Unix(k, 0).In(loc)
		_, off := lt.Zone()
		next := k - floorMod(k+int64(off), 3600) + 3600
		if _, to := lt.ZoneBounds(); !to.IsZero() && to.Unix() > k && to.Unix() < next && offsetAt(loc, to.Unix()) != off {
			next = to.Unix()
		}
		return next
	case DimDay:
		return k + 1
	case DimWeek:
		return k + 7
	}
	y, m, _ := civilFromDays(k)
	if d == DimMonth {
		if m == time.December {
			return daysFromCivil(y+1, time.January, 1)
		}
		return daysFromCivil(y, m+1, 1)
	}
	return daysFromCivil(y+1, time.January, 1)
}

// bucketLabel names the bucket of d with key k in loc:
// "2026-10-25T02:00+01:00" (hour, with its offset so a repeated hour is
// told apart), "2026-10-25" (day), "2026-W43" (ISO week), "2026-10"
// (month), "2026" (year).
func bucketLabel(d Dimension, k int64, loc *time.Location) string {
	if d == DimHour {
		return time.Unix(k, 0).In(loc).Format("2006-01-02T15:04Z07:00")
	}
	y, m, day := civilFromDays(k)
	switch d {
	case DimDay:
		return fmt.Sprintf("%04d-%02d-%02d", y, int(m), day)
	case DimWeek:
		wy, w := time.Date(y, m, day, 12, 0, 0, 0, time.UTC).ISOWeek()
		return fmt.Sprintf("%04d-W%02d", wy, w)
	case DimMonth:
		return fmt.Sprintf("%04d-%02d", y, int(m))
	}
	return fmt.Sprintf("%04d", y)
}

// daysFromCivil returns the number of days from 1970-01-01 to the given
// proleptic Gregorian date (Howard Hinnant's days_from_civil); months
// outside 1–12 are not normalised.
func daysFromCivil(y int, m time.Month, d int) int64 {
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era := yy / 400
	if yy < 0 && yy%400 != 0 {
		era--
	}
	yoe := yy - era*400
	mp := (int64(m) + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(n int64) (int, time.Month, int) {
	n += 719468
	era := n / 146097
	if n < 0 && n%146097 != 0 {
		era--
	}
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return int(y), time.Month(m), int(d)
}

// parseLabel returns the key of the bucket of d labelled s in loc (see
// bucketLabel); false when s is no such label.
func parseLabel(d Dimension, s string, loc *time.Location) (int64, bool) {
	var y, m, day, w int
	switch d {
	case DimHour:
		t, err := time.Parse("2006-01-02T15:04Z07:00", s)
		if err != nil {
			return 0, false
		}
		k := bucketKey(DimHour, t.In(loc))
		return k, bucketLabel(DimHour, k, loc) == s
	case DimDay:
		if _, err := fmt.Sscanf(s, "%04d-%02d-%02d", &y, &m, &day); err != nil {
			return 0, false
		}
	case DimWeek:
		if _, err := fmt.Sscanf(s, "%04d-W%02d", &y, &w); err != nil || w < 1 || w > 53 {
			return 0, false
		}
		// Monday of ISO week w: the week of January 4th plus w − 1 weeks.
		jan4 := daysFromCivil(y, time.January, 4)
		monday := jan4 - ((jan4+3)%7+7)%7 // 1970-01-01 was a Thursday: (n+3)%7 is days since Monday
		k := monday + int64(7*(w-1))
		return k, bucketLabel(DimWeek, k, loc) == s
	case DimMonth:
		if _, err := fmt.Sscanf(s, "%04d-%02d", &y, &m); err != nil {
			return 0, false
		}
		day = 1
	case DimYear:
		if _, err := fmt.Sscanf(s, "%04d", &y); err != nil {
			return 0, false
		}
		m, day = 1, 1
	default:
		return 0, false
	}
	if m < 1 || m > 12 {
		return 0, false
	}
	k := daysFromCivil(y, time.Month(m), day)
	return k, bucketLabel(d, k, loc) == s
}
