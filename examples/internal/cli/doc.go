// Package cli gives the example programs one command-line behaviour: -h
// prints the usage and exits 0; an unknown flag, a value that does not
// parse, or a value the program refuses (a negative count, flags that do
// not go together) prints what is wrong and exits 2; any other failure
// exits 1.
package cli
