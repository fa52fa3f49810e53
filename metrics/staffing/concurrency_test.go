package staffing

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The package is documented as safe for concurrent use: goroutines that
// share a calendar, a history and a forecast learn, plan and staff at
// once and get the results of one goroutine alone (run with -race).
func TestConcurrentUse(t *testing.T) {
	c := osloDesk(t)
	tr := truth{cal: c, origin: date(2026, 10, 19), base: 3000}
	from, to := date(2026, 9, 21), date(2026, 10, 19)
	h := History{Arrivals: tr.draw(3, from, to), From: from, To: to}
	cfg := ForecastConfig{Calendar: c}
	f, err := NewForecast(h, to, 7, cfg)
	require.NoError(t, err)
	phone := Channel{Name: "phone", Kind: KindQueue, AHT: 3 * time.Minute, Hours: c, Patience: 2 * time.Minute,
		Target: Target{ServiceLevel: 0.8, Within: 20 * time.Second}}
	email := Channel{Name: "email", Kind: KindAsync, AHT: 10 * time.Minute, Hours: c, Window: 4 * time.Hour}
	roster, err := HoursRoster(c, f.Slots[0].Start, f.Slots[len(f.Slots)-1].End, 5)
	require.NoError(t, err)
	demands := []Demand{{phone, f.Slots}, {email, f.Slots}}
	want, err := NewPlan(demands, roster, 0.3)
	require.NoError(t, err)

	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g, err := NewForecast(h, to, 7, cfg)
			assert.NoError(t, err)
			assert.Equal(t, f.Days, g.Days)
			p, err := NewPlan(demands, roster, 0.3)
			assert.NoError(t, err)
			assert.Equal(t, want.Rows, p.Rows)
		}()
	}
	wg.Wait()
}
