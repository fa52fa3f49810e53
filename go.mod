module github.com/servicedesk-go/desk

go 1.25

require (
	github.com/google/uuid v1.6.0
	github.com/rickar/cal/v2 v2.1.26
	github.com/shopspring/decimal v1.6.0
	github.com/stretchr/testify v1.12.1
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect
