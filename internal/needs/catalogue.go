package needs

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed seed/indicators.json.gz seed/ages.csv
var seedFS embed.FS

// Catalogue is a set of indicators keyed by id.
type Catalogue struct {
	byID map[int]Indicator
}

// NewCatalogue builds a catalogue from a list; later entries replace earlier
// ones with the same id.
func NewCatalogue(list []Indicator) *Catalogue {
	c := &Catalogue{byID: make(map[int]Indicator, len(list))}
	for _, ind := range list {
		c.byID[ind.ID] = ind
	}
	return c
}

// SeedCatalogue returns the catalogue placeboard starts with: the Fingertips
// Next indicator metadata, the Fingertips API catalogue for the indicators
// the metadata lacks, and placeboard's overrides (see seed/overrides.csv).
func SeedCatalogue() (*Catalogue, error) {
	seedOnce.Do(func() { seedList, seedErr = loadSeed() })
	if seedErr != nil {
		return nil, seedErr
	}
	// A fresh catalogue each time: callers add to it.
	return NewCatalogue(seedList), nil
}

// The embedded seed is parsed once per process.
var (
	seedOnce sync.Once
	seedList []Indicator
	seedErr  error
)

func loadSeed() ([]Indicator, error) {
	raw, err := seedFS.ReadFile("seed/indicators.json.gz")
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("seed catalogue: %w", err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("seed catalogue: %w", err)
	}
	var list []Indicator
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("seed catalogue: %w", err)
	}
	return list, nil
}

// Get returns the indicator with the id.
func (c *Catalogue) Get(id int) (Indicator, bool) {
	ind, ok := c.byID[id]
	return ind, ok
}

// Put adds or replaces an indicator.
func (c *Catalogue) Put(ind Indicator) { c.byID[ind.ID] = ind }

// Len is the number of indicators.
func (c *Catalogue) Len() int { return len(c.byID) }

// All lists the indicators by id.
func (c *Catalogue) All() []Indicator {
	out := make([]Indicator, 0, len(c.byID))
	for _, ind := range c.byID {
		out = append(out, ind)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// AgeBand is a Fingertips age group.
type AgeBand struct {
	ID       int
	Label    string
	MinYears int
	MaxYears int
}

var ageBands = mustLoadAges()

func mustLoadAges() map[int]AgeBand {
	raw, err := seedFS.ReadFile("seed/ages.csv")
	if err != nil {
		panic(err) // embedded at build time; a failure is a build fault
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		panic(err)
	}
	out := map[int]AgeBand{}
	for _, r := range rows[1:] {
		id, _ := strconv.Atoi(r[0])
		lo, _ := strconv.Atoi(r[2])
		hi, _ := strconv.Atoi(r[3])
		out[id] = AgeBand{ID: id, Label: strings.TrimSpace(r[1]), MinYears: lo, MaxYears: hi}
	}
	return out
}

// AgeByID looks up a Fingertips age id (163 → "<75 yrs").
func AgeByID(id int) (AgeBand, bool) {
	a, ok := ageBands[id]
	return a, ok
}

// SexByID turns a Fingertips sex id into its label.
func SexByID(id int) (string, bool) {
	switch id {
	case 1:
		return "Male", true
	case 2:
		return "Female", true
	case 4:
		return "Persons", true
	}
	return "", false
}
