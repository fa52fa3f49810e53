package main

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pngcheck file.png")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pngcheck:", err)
		os.Exit(1)
	}
}

// errBlank reports an image of one colour.
var errBlank = errors.New("the image is one colour")

func run(path string, out io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	colours, err := check(img)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	b := img.Bounds()
	fmt.Fprintf(out, "%s: %d×%d, %d colours or more\n", path, b.Dx(), b.Dy(), colours)
	return nil
}

// check counts the image's distinct colours, up to 64, and fails when there
// is only one.
func check(img image.Image) (int, error) {
	b := img.Bounds()
	if b.Empty() {
		return 0, errBlank
	}
	seen := map[[4]uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y && len(seen) < 64; y++ {
		for x := b.Min.X; x < b.Max.X && len(seen) < 64; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	if len(seen) < 2 {
		return len(seen), errBlank
	}
	return len(seen), nil
}
