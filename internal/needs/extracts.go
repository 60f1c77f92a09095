package needs

import (
	"bytes"
	"compress/gzip"
	"embed"
	"io"
	"strings"
)

//go:embed extracts/*.csv extracts/*.csv.gz
var extractsFS embed.FS

// Extract is a real Fingertips file shipped with placeboard (see
// extracts/README.md), for the demo and the tests.
type Extract struct {
	Name   string
	Format Format
}

// Extracts lists the shipped data files in the order the demo imports them.
func Extracts() []Extract {
	return []Extract{
		{"fingertips_london_utla_2023.csv", FormatFingertips},
		{"fingertipsnext_healthdata_sample.csv", FormatFingertipsNext},
		{"fingertipsnext_nw_upper_tier.csv.gz", FormatFingertipsNext},
		{"fingertipsnext_93088_england_deciles.csv", FormatFingertipsNext},
	}
}

// OpenExtract returns a shipped file's contents, gunzipped when needed.
func OpenExtract(name string) (io.Reader, error) {
	raw, err := extractsFS.ReadFile("extracts/" + name)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, err
		}
		return zr, nil
	}
	return bytes.NewReader(raw), nil
}
