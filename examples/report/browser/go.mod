module github.com/servicedesk-go/desk/examples/report/browser

go 1.25.0

require (
	github.com/chromedp/cdproto v0.160.1
	github.com/chromedp/chromedp v0.24.0
)

require (
	github.com/google/uuid v1.6.0 // indirect
	github.com/rickar/cal/v2 v2.1.26 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
)

require (
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/servicedesk-go/desk v0.0.0-20261208013030-23388f8a506e // indirect
)

replace github.com/servicedesk-go/desk => ../../..

tool github.com/servicedesk-go/desk/examples/report
