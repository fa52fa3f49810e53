package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// sections are the questions the page must answer, by the id of their
// section.
var sections = []string{
	"groups",        // response and resolution per work group, against the SLA targets
	"fcr",           // first-contact resolution, reopens, interactions to resolve
	"csat",          // satisfaction over time, per agent, by case type, satisfied vs dissatisfied
	"conversations", // conversations per agent
	"arrivals",      // new conversations by hour, the busiest hours
	"customers",     // the customers taking most agent time, and which agents
	"volume-change", // week, month and year over the one before, per working day and raw
	"workflows",     // most used macros, saved replies, automations, triggers
	"case-types",    // resolution time with the messages in it, per case type
	"distributions", // first reply and resolution histograms
	"aht",           // AHT per channel
	"backlog",       // backlog over time
	"sla",           // SLA achievement per metric, priority and group
	"staffing",      // required versus rostered agents by half hour
}

// layout is what the page measures of itself in the browser (see check).
type layout struct {
	ScrollWidth, ClientWidth int
	Missing                  []string
	Charts                   int
	Problems                 []string
}

// check is run in the page: it measures horizontal scrolling, the
// sections, every chart's box and what it draws, the charts' overlaps, and
// every text label against its SVG and the other labels of that SVG.
const check = `(() => {
  const out = {ScrollWidth: document.documentElement.scrollWidth, ClientWidth: document.documentElement.clientWidth,
    Missing: [], Charts: 0, Problems: []};
  for (const id of %s) {
    const s = document.getElementById(id);
    if (!s || s.tagName.toLowerCase() !== 'section' || !s.querySelector('h2') || s.getBoundingClientRect().height < 1) out.Missing.push(id);
  }
  const box = e => { const r = e.getBoundingClientRect(); return {l: r.left + scrollX, t: r.top + scrollY, r: r.right + scrollX, b: r.bottom + scrollY}; };
  const overlap = (a, b, slack) => Math.min(a.r, b.r) - Math.max(a.l, b.l) > slack && Math.min(a.b, b.b) - Math.max(a.t, b.t) > slack;
  const svgs = [...document.querySelectorAll('svg.chart')];
  out.Charts = svgs.length;
  const boxes = svgs.map(box);
  svgs.forEach((svg, i) => {
    const b = boxes[i];
    if (b.r - b.l < 100 || b.b - b.t < 20) out.Problems.push(svg.id + ': empty box ' + JSON.stringify(b));
    const drawn = [...svg.querySelectorAll('rect, polyline')].filter(e => { const r = e.getBBox(); return r.width > 0 && r.height > 0; });
    if (drawn.length === 0 && !svg.textContent.includes('–')) out.Problems.push(svg.id + ': draws nothing');
    for (let j = 0; j < i; j++) if (overlap(b, boxes[j], 0.5)) out.Problems.push(svg.id + ' overlaps ' + svgs[j].id);
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '');
    const tb = texts.map(box);
    texts.forEach((t, k) => {
      const r = tb[k];
      if (r.l < b.l - 0.5 || r.r > b.r + 0.5 || r.t < b.t - 0.5 || r.b > b.b + 0.5)
        out.Problems.push(svg.id + ': label "' + t.textContent + '" outside its SVG');
      for (let m = 0; m < k; m++) if (overlap(r, tb[m], 1))
        out.Problems.push(svg.id + ': label "' + t.textContent + '" on top of "' + texts[m].textContent + '"');
    });
  });
  return out;
})()`

// chromium finds the browser.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("DESK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("DESK_BROWSER_REQUIRED") == "1" {
		t.Fatal("no Chromium on the PATH (apt-get install -y chromium), and DESK_BROWSER_REQUIRED=1")
	}
	t.Skip("no Chromium on the PATH; install Debian's chromium to run the browser tests")
	return ""
}

// reportPage returns the page to test: $DESK_REPORT_HTML, or the report
// rendered by examples/report, a tool of this module (`go tool report`),
// built from the root module this module requires.
func reportPage(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("DESK_REPORT_HTML"); p != "" {
		abs, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	path := filepath.Join(t.TempDir(), "report.html")
	if out, err := exec.Command("go", "tool", "report", "-o", path).CombinedOutput(); err != nil {
		t.Fatalf("go tool report: %v\n%s", err, out)
	}
	return path
}

// artefacts is where the screenshots go.
func artefacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DESK_REPORT_DIR")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser starts Chromium once for a test; tabs are opened from the
// context it returns.
func browser(t *testing.T) context.Context {
	t.Helper()
	exe := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Flag("hide-scrollbars", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	return bctx
}

// view is one way to look at the page: a viewport width, on screen or in
// print media.
type view struct {
	name  string
	width int64
	print bool
}

// views are the screen widths and A4 paper: its printable width (210 mm
// less 12 mm margins, 186 mm at 96 dpi) in print media.
var views = []view{{"800", 800, false}, {"1200", 1200, false}, {"1600", 1600, false}, {"a4", 703, true}}

// measure opens the page in a new tab as v sees it and runs check in it;
// on screen it also takes a full-page screenshot.
func measure(bctx context.Context, page string, v view) (layout, []byte, error) {
	tab, cancel := chromedp.NewContext(bctx)
	defer cancel()
	if err := chromedp.Do(tab, chromedp.EmulateViewport(v.width, 1000)); err != nil {
		return layout{}, nil, err
	}
	ctx, cancel := context.WithTimeout(tab, 90*time.Second)
	defer cancel()
	media := "screen"
	if v.print {
		media = "print"
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}); err != nil {
		return layout{}, nil, err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		return layout{}, nil, err
	}
	ids, err := json.Marshal(sections)
	if err != nil {
		return layout{}, nil, err
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[layout](fmt.Sprintf(check, ids)))
	if err != nil || v.print {
		return got, nil, err
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	return got, shot, err
}

// problems lists what is wrong with a measured layout.
func (l layout) problems() []string {
	var out []string
	if l.ScrollWidth > l.ClientWidth {
		out = append(out, fmt.Sprintf("the page scrolls sideways: %d px of content in %d px", l.ScrollWidth, l.ClientWidth))
	}
	if len(l.Missing) > 0 {
		out = append(out, "sections missing: "+strings.Join(l.Missing, ", "))
	}
	if l.Charts < 10 {
		out = append(out, fmt.Sprintf("%d charts on the page, want at least 10", l.Charts))
	}
	return append(out, l.Problems...)
}

// TestReportInBrowser renders the report at three screen widths and on A4
// paper and checks the layout in each; the screen widths are saved as
// screenshots.
func TestReportInBrowser(t *testing.T) {
	bctx := browser(t)
	page := reportPage(t)
	dir := artefacts(t)
	for _, v := range views {
		t.Run(v.name, func(t *testing.T) {
			got, shot, err := measure(bctx, page, v)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range got.problems() {
				t.Error(p)
			}
			if v.print {
				return
			}
			path := filepath.Join(dir, "report-"+v.name+".png")
			if err := os.WriteFile(path, shot, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot: %s", path)
			if err := notOneColour(shot); err != nil {
				t.Errorf("%s: %v", path, err)
			}
		})
	}
}

// broken is a page with every fault the checks look for: a table wider
// than the screen, one section of the list, a chart with nothing drawn,
// two charts on top of each other, a label outside its chart and two
// labels on one spot.
const broken = `<!DOCTYPE html><html><body style="margin:0">
<section id="groups"><h2>Groups</h2></section>
<div style="width:1400px;height:10px"></div>
<svg class="chart" id="empty" viewBox="0 0 400 100" style="display:block;width:400px;height:100px"><text x="10" y="20">nothing</text></svg>
<svg class="chart" id="outside" viewBox="0 0 400 100" style="display:block;width:400px;height:100px;overflow:visible">
<rect x="0" y="0" width="50" height="50"/><text x="380" y="20">a label running past the edge</text></svg>
<div style="position:relative;height:100px">
<svg class="chart" id="first" viewBox="0 0 400 100" style="position:absolute;top:0;width:400px;height:100px"><rect x="0" y="0" width="50" height="50"/></svg>
<svg class="chart" id="second" viewBox="0 0 400 100" style="position:absolute;top:40px;width:400px;height:100px"><rect x="0" y="0" width="50" height="50"/>
<text x="100" y="50">one</text><text x="102" y="52">two</text></svg></div>
<footer>end</footer></body></html>`

// TestChecksCatchFaults shows that each check fails a page that has the
// fault it is about.
func TestChecksCatchFaults(t *testing.T) {
	bctx := browser(t)
	page := filepath.Join(t.TempDir(), "broken.html")
	if err := os.WriteFile(page, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _, err := measure(bctx, page, views[0])
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(got.problems(), "\n")
	for _, want := range []string{
		"the page scrolls sideways: 1400 px of content in 800 px",
		"sections missing: fcr, csat",
		"4 charts on the page, want at least 10",
		"empty: draws nothing",
		`outside: label "a label running past the edge" outside its SVG`,
		"second overlaps first",
		`second: label "two" on top of "one"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q among the problems:\n%s", want, all)
		}
	}
	if strings.Contains(all, "sections missing: groups") {
		t.Errorf("the groups section is there:\n%s", all)
	}
}

// notOneColour decodes a PNG and fails when every pixel has one colour:
// the smoke test that something was drawn at all.
func notOneColour(b []byte) error {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return err
	}
	bounds := img.Bounds()
	if bounds.Empty() {
		return fmt.Errorf("empty image")
	}
	first := img.At(bounds.Min.X, bounds.Min.Y)
	r0, g0, b0, a0 := first.RGBA()
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 3 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 3 {
			r, g, b, a := img.At(x, y).RGBA()
			if r != r0 || g != g0 || b != b0 || a != a0 {
				return nil
			}
		}
	}
	return fmt.Errorf("one colour, %dx%d", bounds.Dx(), bounds.Dy())
}

// TestNotOneColour checks the smoke test itself on two small images.
func TestNotOneColour(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 10, 10))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if notOneColour(buf.Bytes()) == nil {
		t.Error("a black image passed")
	}
	img.Pix[99] = 200
	buf.Reset()
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := notOneColour(buf.Bytes()); err != nil {
		t.Errorf("an image with a grey pixel failed: %v", err)
	}
	if notOneColour([]byte("not a png")) == nil {
		t.Error("garbage passed")
	}
}
