// Package documenttest checks the configuration documents of desk's
// packages the same way everywhere: that every problem a decoder reports
// is a [*document.Error] wrapping the package's sentinel, and that a
// document the decoder accepts is written back by the package's encoder
// to one that decodes to an equal value. Fuzz targets and tests of the
// document types call it on each input.
//
// The functions return an error describing what does not hold, rather
// than failing a test themselves, so a fuzz target reports it with
// t.Fatal. Nothing here keeps state; every function is safe for
// concurrent use.
package documenttest
