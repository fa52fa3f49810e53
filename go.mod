module github.com/servicedesk-go/desk

go 1.26.8

require github.com/google/uuid v1.6.0

require (
	github.com/rickar/cal/v2 v2.1.26 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
)
