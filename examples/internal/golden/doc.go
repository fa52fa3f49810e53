// Package golden compares an example program's output with its golden
// file, testdata/<name>.golden. After an intended change, run the test with
// -update and review the diff of the golden file.
package golden
