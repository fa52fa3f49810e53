// Package browser holds the browser tests of the HTML report that
// examples/report writes: headless Chromium, driven from Go with chromedp,
// renders the page at 800, 1,200 and 1,600 px wide and on A4 paper, and
// the tests fail when the page scrolls sideways, when a section is missing,
// when a chart's box is empty, draws nothing or overlaps another chart,
// when a text label lies outside its SVG or on top of another label, and
// when a screenshot is one colour.
//
// It is a module of its own so that the root module keeps its few
// dependencies. Run it from this directory:
//
//	go test ./...
//
// The tests look for Chromium as chromium, chromium-browser or
// google-chrome on the PATH (or at $DESK_CHROMIUM) and skip when there is
// none, unless DESK_BROWSER_REQUIRED=1 (as in CI), when they fail instead.
// They render the report with examples/report, declared as a tool of this
// module (`go tool report`), or read the page at $DESK_REPORT_HTML, and save a full-page screenshot per width in
// $DESK_REPORT_DIR (a temporary directory when unset).
package browser
