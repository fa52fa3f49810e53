package calendar

import (
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestIndexCount checks index.count and countBelow against sort.Search on
// sorted lists with repeats, clusters and wide gaps, at and around every
// key and at random seconds.
func TestIndexCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	lists := [][]int64{nil, {5}, {5, 5}, {-3, 0, 0, 0, 9}, {0, 1 << 50}, {-1 << 62, 1 << 62}}
	for range 200 {
		n := 1 + rng.IntN(300)
		keys := make([]int64, n)
		x := rng.Int64N(1<<40) - 1<<39
		for i := range keys {
			switch rng.IntN(4) {
			case 0: // a repeat
			case 1:
				x += rng.Int64N(3) // a cluster
			default:
				x += rng.Int64N(1 << uint(1+rng.IntN(30)))
			}
			keys[i] = x
		}
		lists = append(lists, keys)
	}
	for _, keys := range lists {
		ix := newIndex(keys)
		want := func(x int64) int { return sort.Search(len(keys), func(i int) bool { return keys[i] > x }) }
		probe := func(x int64) {
			require.Equal(t, want(x), ix.count(keys, x), "count(%d) of %v", x, keys)
			below := sort.Search(len(keys), func(i int) bool { return keys[i] >= x })
			require.Equal(t, below, ix.countBelow(keys, x), "countBelow(%d) of %v", x, keys)
		}
		for _, k := range keys {
			probe(k - 1)
			probe(k)
			probe(k + 1)
		}
		if len(keys) > 0 && keys[len(keys)-1]-keys[0] >= 0 && keys[len(keys)-1]-keys[0] < 1<<62 {
			for range 50 {
				probe(keys[0] + rng.Int64N(keys[len(keys)-1]-keys[0]+1))
			}
		}
		probe(-1 << 62)
		probe(1 << 62)
	}
}
