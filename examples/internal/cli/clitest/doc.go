// Package clitest checks an example program's command line in its tests.
package clitest
