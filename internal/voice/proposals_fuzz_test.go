package voice

import (
	"testing"
	"unicode/utf8"
)

// FuzzThread: whatever the parent links (missing parents, self-replies,
// loops, duplicates), every comment appears exactly once in the threads.
func FuzzThread(f *testing.F) {
	f.Add([]byte{0, 1, 1, 2, 2, 1})
	f.Add([]byte{1, 1})
	f.Add([]byte{1, 2, 2, 1})
	f.Add([]byte{1, 0, 2, 1, 3, 2, 4, 9})
	f.Fuzz(func(t *testing.T, pairs []byte) {
		var cs []Comment
		ids := map[int64]bool{}
		for i := 0; i+1 < len(pairs) && len(cs) < 64; i += 2 {
			id := int64(pairs[i]%32) + 1
			if ids[id] {
				continue
			}
			ids[id] = true
			cs = append(cs, Comment{ID: id, ParentID: int64(pairs[i+1] % 33)})
		}
		count := map[int64]int{}
		var walk func([]Comment)
		walk = func(list []Comment) {
			for _, c := range list {
				count[c.ID]++
				walk(c.Replies)
			}
		}
		walk(Thread(cs))
		for _, c := range cs {
			if count[c.ID] != 1 {
				t.Fatalf("comment %d appears %d times in the threads of %+v", c.ID, count[c.ID], cs)
			}
		}
		if len(count) != len(cs) {
			t.Fatalf("threads hold %d comments, want %d", len(count), len(cs))
		}
	})
}

// FuzzNewProposal: validation never panics, and a proposal it accepts has
// valid UTF-8 within the limits.
func FuzzNewProposal(f *testing.F) {
	f.Add("Benches", "On the headland\nplease", "E06000001", "environment")
	f.Add("", "", "", "")
	f.Add("T\x00", "\xff", "e06000001 ", "Health")
	f.Fuzz(func(t *testing.T, title, description, area, category string) {
		p := NewProposal{Title: title, Description: description, AreaCode: area, Category: Category(category)}
		p.Normalize()
		if p.Validate() != nil {
			return
		}
		if !utf8.ValidString(p.Title) || !utf8.ValidString(p.Description) || utf8.RuneCountInString(p.Title) > MaxProposalTitle ||
			utf8.RuneCountInString(p.Description) > MaxProposalDescription || !p.Category.Valid() || p.AreaCode == "" {
			t.Fatalf("accepted %+v", p)
		}
	})
}
