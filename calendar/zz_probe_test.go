package calendar_test
import ("fmt";"math";"testing";"time";"github.com/servicedesk-go/desk/calendar")
func TestZZProbe(t *testing.T){
 oslo,_ := time.LoadLocation("Europe/Oslo")
 w := calendar.MustParseWeek("mon-fri 08:00-16:00; sun 22:00-06:00+1")
 c, err := calendar.New(oslo, w, calendar.WithYears(2026,2026))
 fmt.Println(err)
 lo, hi := c.Range(); fmt.Println(lo, hi)
 far := time.Date(1,1,1,0,0,0,0,time.UTC); late := time.Date(9999,1,1,0,0,0,0,time.UTC)
 fmt.Println(c.Elapsed(far, late), c.Elapsed(late, far))
 fmt.Println(c.Add(far, time.Hour), c.Add(late, -time.Hour), c.Add(far, math.MaxInt64), c.Add(late, math.MinInt64))
 u, e := c.AddChecked(late, math.MinInt64); fmt.Println(u, e)
 u, e = c.AddChecked(far, math.MaxInt64); fmt.Println(u, e)
 fmt.Println(c.NextOpen(far), c.NextClose(far), c.NextOpen(late), c.NextClose(late))
 // Sunday 27 Dec 2026 22:00 overnight to Monday 28 Dec; Thu Dec 31 last
 x := time.Date(2026,12,31,15,0,0,0,oslo); fmt.Println(c.NextClose(x), c.Add(x, 2*time.Hour))
 a := calendar.Always(oslo); fmt.Println(a.Elapsed(far, late), a.Add(far, math.MaxInt64))
 c2, err := calendar.New(oslo, calendar.MustParseWeek("sat 22:00-06:00+1"), calendar.WithYears(2026,2027))
 fmt.Println(err)
 y := time.Date(2026,12,31,12,0,0,0,oslo); fmt.Println(c2.NextOpen(y), c2.NextClose(c2.NextOpen(y)))
 fmt.Println(c2.Elapsed(time.Date(2026,3,28,0,0,0,0,oslo), time.Date(2026,3,30,0,0,0,0,oslo)))
 fmt.Println(c2.Elapsed(time.Date(2026,10,24,0,0,0,0,oslo), time.Date(2026,10,26,0,0,0,0,oslo)))
 c3, err := calendar.New(oslo, w, calendar.WithYears(1,9999)); fmt.Println(err)
 if c3 != nil { fmt.Println(c3.Range()); fmt.Println(c3.Add(far, time.Hour), c3.Add(late, -time.Hour), c3.IsOpen(time.Date(9998,6,7,23,0,0,0,oslo))) }
 fmt.Println(c.Elapsed(time.Unix(math.MinInt64/2,0), time.Unix(math.MaxInt64/2,0)))
 fmt.Println(c.IsOpen(time.Unix(math.MaxInt64/2,0)), c.NextOpen(time.Unix(math.MaxInt64/2,0)))
}
