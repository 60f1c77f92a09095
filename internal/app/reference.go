package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
)

// LoadReference loads the embedded reference geography into st unless that
// exact data is already there. It reports whether it loaded anything.
func LoadReference(ctx context.Context, st *store.Store) (bool, error) {
	set, err := refdata.Load()
	if err != nil {
		return false, err
	}
	return st.LoadReference(ctx, ReferenceFromSet(set))
}

// ReferenceFromSet converts refdata's values into what the store loads. The
// version is a hash of everything loaded, so changed data reloads.
func ReferenceFromSet(set *refdata.Set) store.ReferenceData {
	h := sha256.New()
	ref := store.ReferenceData{Population: map[places.AreaRef][]places.PopulationCount{}}
	add := func(a refdata.Area) {
		pa := places.Area{
			Code: a.Code, Name: a.Name, Type: places.AreaType(a.Type), ODSCode: a.ODSCode,
			ValidFrom: dateText(a.ValidFrom), ValidTo: dateText(a.ValidTo), Population: int64(a.Population),
		}
		fmt.Fprintf(h, "A|%s|%s|%s|%s|%s|%s|%d\n", pa.Type, pa.Code, pa.Name, pa.ODSCode, pa.ValidFrom, pa.ValidTo, pa.Population)
		for _, p := range a.Parents {
			pa.Parents = append(pa.Parents, places.AreaParent{Type: places.AreaType(p.Type), Code: p.Code, LSOAs: p.LSOAs, OfLSOAs: p.OfLSOAs})
			fmt.Fprintf(h, "P|%s|%s|%d|%d\n", p.Type, p.Code, p.LSOAs, p.OfLSOAs)
		}
		ref.Areas = append(ref.Areas, pa)
	}
	ref.Areas = make([]places.Area, 0, len(set.Areas)+len(set.LSOAs))
	for _, a := range set.Areas {
		add(a)
	}
	for _, a := range set.LSOAs {
		add(a)
	}
	for _, c := range set.Population {
		k := places.AreaRef{Type: places.AreaType(c.Type), Code: c.Code}
		ref.Population[k] = append(ref.Population[k], places.PopulationCount{Sex: places.Sex(c.Sex), AgeBand: c.AgeBand, Count: int64(c.Count)})
		fmt.Fprintf(h, "N|%s|%s|%s|%s|%d\n", c.Type, c.Code, c.Sex, c.AgeBand, c.Count)
	}
	ref.Version = "sha256:" + hex.EncodeToString(h.Sum(nil))
	return ref
}

func dateText(t interface {
	IsZero() bool
	Format(string) string
}) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(places.DateLayout)
}
