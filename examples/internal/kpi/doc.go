// Package kpi prints a metrics.Report as the plain-text KPI report the
// example programs end with.
package kpi
