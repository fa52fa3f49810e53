package calendar

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
)

// Fingerprint returns a stable name of what the calendar measures: a
// SHA-256 digest, in hex, of its location's name, its covered range, the
// location's offset changes over that range and its compiled open time
// (weekly hours, and every holiday, special day and combination as the
// open stretches they leave). Two calendars with the same fingerprint
// measure the same business time everywhere in their range; calendars
// that differ in any open second, zone or range have different ones.
// Labels and holiday names, which change no measurement, are left out.
//
// The fingerprint is the same in every process built from the same
// definition with the same time-zone database, so it can travel with
// results computed on the calendar (a report made on one calendar must not
// be merged with one made on another). A calendar built another way to
// the same open time (a combination, say) may have another fingerprint.
// Fingerprint hashes the compiled tables on each call: call it once, not
// per query. A nil calendar has the fingerprint "".
func (c *Calendar) Fingerprint() string {
	if c == nil {
		return ""
	}
	h := sha256.New()
	w := fingerprintWriter{h: h}
	w.str(c.loc.String())
	w.ints(c.lo, c.hi)
	w.ints(int64(len(c.zone.tau)))
	w.ints(c.zone.tau...)
	w.ints(c.zone.off...)
	switch {
	case c.runs != nil:
		w.str("runs")
		w.ints(int64(len(c.runs.start)))
		w.ints(c.runs.start...)
		w.ints(c.runs.end...)
	case c.open != nil:
		s := c.open
		w.str("schedule")
		w.ints(int64(len(s.wStart)))
		w.ints(s.wStart...)
		w.ints(s.wEnd...)
		w.ints(int64(len(s.rStart)))
		w.ints(s.rStart...)
		for _, r := range s.regs {
			w.ints(r.end, int64(r.lo), int64(r.hi))
		}
		w.ints(int64(len(s.ivs.start)))
		w.ints(s.ivs.start...)
		w.ints(s.ivs.end...)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// fingerprintWriter writes integers and strings to a hash unambiguously.
type fingerprintWriter struct {
	h   hash.Hash
	buf [8]byte
}

func (w *fingerprintWriter) ints(xs ...int64) {
	for _, x := range xs {
		binary.LittleEndian.PutUint64(w.buf[:], uint64(x))
		w.h.Write(w.buf[:])
	}
}

func (w *fingerprintWriter) str(s string) {
	w.ints(int64(len(s)))
	w.h.Write([]byte(s))
}
