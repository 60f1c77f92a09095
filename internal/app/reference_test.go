package app

import (
	"testing"

	"github.com/placeboard/placeboard/internal/places/refdata"
)

func BenchmarkReferenceFromSet(b *testing.B) {
	for b.Loop() {
		set, err := refdata.Load()
		if err != nil {
			b.Fatal(err)
		}
		ReferenceFromSet(set)
	}
}
