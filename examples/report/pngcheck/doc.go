// Command pngcheck fails when a PNG image cannot be decoded or is blank:
// CI uses it on the screenshot of the rendered report, so a page that
// renders as one colour (an empty or broken page) fails the build.
//
//	go run ./examples/report/pngcheck report.png
package main
