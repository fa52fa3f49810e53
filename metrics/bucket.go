package metrics

import (
	"fmt"
	"time"
)

// bucketStart returns the start, in Unix seconds, of the time bucket d
// that t falls in, read on the wall clock of loc. Hours are cut on the real
// time line, so the two 02:00 hours of an October night are two buckets;
// days, weeks, months and years start at local midnight (or the first
// instant of the day where midnight is skipped), with [time.Date]
// normalising, never adding 24 hours.
func bucketStart(d Dimension, t time.Time, loc *time.Location) int64 {
	lt := t.In(loc)
	switch d {
	case DimHour:
		return lt.Unix() - int64(lt.Minute()*60+lt.Second())
	case DimDay:
		y, m, day := lt.Date()
		return time.Date(y, m, day, 0, 0, 0, 0, loc).Unix()
	case DimWeek:
		y, m, day := lt.Date()
		back := (int(lt.Weekday()) + 6) % 7 // days since Monday
		return time.Date(y, m, day-back, 0, 0, 0, 0, loc).Unix()
	case DimMonth:
		y, m, _ := lt.Date()
		return time.Date(y, m, 1, 0, 0, 0, 0, loc).Unix()
	case DimYear:
		return time.Date(lt.Year(), 1, 1, 0, 0, 0, 0, loc).Unix()
	}
	return 0
}

// bucketLabel names the bucket of d starting at Unix second start in loc:
// "2026-10-25T02:00+01:00" (hour, with its offset so a repeated hour is
// told apart), "2026-10-25" (day), "2026-W43" (ISO week), "2026-10"
// (month), "2026" (year).
func bucketLabel(d Dimension, start int64, loc *time.Location) string {
	t := time.Unix(start, 0).In(loc)
	switch d {
	case DimHour:
		return t.Format("2006-01-02T15:04Z07:00")
	case DimDay:
		return t.Format(time.DateOnly)
	case DimWeek:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case DimMonth:
		return t.Format("2006-01")
	case DimYear:
		return t.Format("2006")
	}
	return ""
}

// dayDate returns the civil date of day number n.
func dayDate(n int32) time.Time { return time.Unix(int64(n)*86400, 0).UTC() }
