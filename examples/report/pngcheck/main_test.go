package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writePNG(t *testing.T, img image.Image) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	path := filepath.Join(t.TempDir(), "shot.png")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	return path
}

func TestCheck(t *testing.T) {
	blank := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for i := range blank.Pix {
		blank.Pix[i] = 0xff
	}
	drawn := image.NewRGBA(image.Rect(0, 0, 40, 30))
	copy(drawn.Pix, blank.Pix)
	drawn.Set(39, 29, color.RGBA{R: 0x2b, G: 0x6c, B: 0xb0, A: 0xff})

	var out bytes.Buffer
	assert.NoError(t, run(writePNG(t, drawn), &out))
	assert.Contains(t, out.String(), "40×30, 2 colours")

	assert.ErrorIs(t, run(writePNG(t, blank), &out), errBlank)
	_, err := check(image.NewRGBA(image.Rect(0, 0, 0, 0)))
	assert.ErrorIs(t, err, errBlank, "an empty image")

	notPNG := filepath.Join(t.TempDir(), "page.png")
	require.NoError(t, os.WriteFile(notPNG, []byte("<html/>"), 0o644))
	assert.Error(t, run(notPNG, &out))
	assert.Error(t, run(filepath.Join(t.TempDir(), "missing.png"), &out))
}
