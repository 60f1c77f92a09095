package audit

import (
	"reflect"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	long := strings.Repeat("x", 250)
	tests := []struct {
		name          string
		before, after string
		want          []Change
	}{
		{"create lists every field as added", ``, `{"name":"Hartlepool","statutory":true}`, []Change{
			{Field: "name", Kind: Added, New: "Hartlepool"},
			{Field: "statutory", Kind: Added, New: "yes"},
		}},
		{"delete lists every field as removed", `{"name":"A","n":3}`, `null`, []Change{
			{Field: "n", Kind: Removed, Old: "3"},
			{Field: "name", Kind: Removed, Old: "A"},
		}},
		{"changed, added and removed fields, sorted", `{"name":"Old","role":"member","gone":"x","same":1}`,
			`{"name":"New","role":"member","same":1,"title":"Chair"}`, []Change{
				{Field: "gone", Kind: Removed, Old: "x"},
				{Field: "name", Kind: Changed, Old: "Old", New: "New"},
				{Field: "title", Kind: Added, New: "Chair"},
			}},
		{"nothing changed", `{"a":1,"b":[1,2]}`, `{ "b":[1,2], "a":1 }`, nil},
		{"nested objects by field", `{"address":{"line1":"1 High St","postcode":"TS1 1AA"},"x":1}`,
			`{"address":{"line1":"1 High St","postcode":"TS2 2BB","town":"Hartlepool"},"x":1}`, []Change{
				{Field: "address.postcode", Kind: Changed, Old: "TS1 1AA", New: "TS2 2BB"},
				{Field: "address.town", Kind: Added, New: "Hartlepool"},
			}},
		{"nested object appears", `{}`, `{"meta":{"a":{"b":"c"}}}`, []Change{{Field: "meta.a.b", Kind: Added, New: "c"}}},
		{"object becomes a value", `{"v":{"a":1}}`, `{"v":"flat"}`, []Change{{Field: "v", Kind: Changed, Old: `{"a":1}`, New: "flat"}}},
		{"lists compared whole", `{"area_codes":["E06000001"]}`, `{"area_codes":["E06000001","E06000047"]}`, []Change{
			{Field: "area_codes", Kind: Changed, Old: "E06000001", New: "E06000001, E06000047"},
		}},
		{"list of objects", `{"votes":[]}`, `{"votes":[{"member":1,"choice":"for"}]}`, []Change{
			{Field: "votes", Kind: Changed, Old: "(none)", New: `{"choice":"for","member":1}`},
		}},
		{"lists that read alike still differ", `{"l":["a, b"]}`, `{"l":["a","b"]}`, []Change{{Field: "l", Kind: Changed, Old: "a, b", New: "a, b"}}},
		{"null, empty, booleans, numbers", `{"a":null,"b":"","c":false,"d":12345678901234567890}`,
			`{"a":"x","b":"y","c":true,"d":12345678901234567891}`, []Change{
				{Field: "a", Kind: Changed, Old: "(none)", New: "x"},
				{Field: "b", Kind: Changed, Old: "(empty)", New: "y"},
				{Field: "c", Kind: Changed, Old: "no", New: "yes"},
				{Field: "d", Kind: Changed, Old: "12345678901234567890", New: "12345678901234567891"},
			}},
		{"long values are cut", `{"t":"a"}`, `{"t":"` + long + `"}`, []Change{{Field: "t", Kind: Changed, Old: "a", New: strings.Repeat("x", 200) + "…"}}},
		{"not JSON", `plain text`, `{"a":1}`, []Change{{Kind: Changed, Old: "plain text", New: `{"a":1}`}}},
		{"broken JSON after", `{"a":1}`, `{"a":`, []Change{{Kind: Changed, Old: `{"a":1}`, New: `{"a":`}}},
		{"a JSON array is not a record", ``, `[1,2]`, []Change{{Kind: Added, New: `[1,2]`}}},
		{"not JSON, removed", `oops`, ``, []Change{{Kind: Removed, Old: "oops"}}},
		{"not JSON, same", `oops`, `oops`, nil},
		{"two values in one image", `{"a":1}{"b":2}`, `{"a":1}`, []Change{{Kind: Changed, Old: `{"a":1}{"b":2}`, New: `{"a":1}`}}},
		{"both absent", ``, `null`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Diff([]byte(tc.before), []byte(tc.after))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Diff(%q, %q)\n got %+v\nwant %+v", tc.before, tc.after, got, tc.want)
			}
		})
	}
}

func TestDiffEntry(t *testing.T) {
	e := Entry{
		Before: []byte(`{"id":3,"name":"A","name_lower":"a","updated_at":"t1","password_hash_sha256":"aa","created_at":"t0"}`),
		After:  []byte(`{"id":3,"name":"B","name_lower":"b","updated_at":"t2","password_hash_sha256":"bb","created_at":"t0"}`),
	}
	want := []Change{
		{Field: "name", Kind: Changed, Old: "A", New: "B"},
		{Field: "password", Kind: Changed, Old: "(hidden)", New: "(hidden)"},
	}
	if got := DiffEntry(e); !reflect.DeepEqual(got, want) {
		t.Errorf("DiffEntry = %+v, want %+v", got, want)
	}
	created := DiffEntry(Entry{After: []byte(`{"id":1,"email":"a@b","password_hash_sha256":"aa"}`)})
	if len(created) != 2 || created[1] != (Change{Field: "password", Kind: Added, New: "(hidden)"}) {
		t.Errorf("created user: %+v", created)
	}
}

func TestChangeLabel(t *testing.T) {
	for in, want := range map[string]string{"person_name": "Person name", "address.postcode": "Address postcode", "": "Record", "name": "Name"} {
		if got := (Change{Field: in}).Label(); got != want {
			t.Errorf("Label(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSubject(t *testing.T) {
	tests := []struct {
		name          string
		before, after string
		want          string
	}{
		{"name", ``, `{"id":1,"name":"Hartlepool Borough Council"}`, "Hartlepool Borough Council"},
		{"member's person name", ``, `{"person_name":"Jo Placeholder","role":"member"}`, "Jo Placeholder"},
		{"deleted: from before", `{"text":"Agree the  strategy\n now"}`, ``, "Agree the strategy now"},
		{"event: e-mail", ``, `{"email":"ada@example.test","reason":"wrong password"}`, "ada@example.test"},
		{"name preferred to e-mail", ``, `{"email":"a@b","name":"Ada"}`, "Ada"},
		{"blank name skipped", ``, `{"name":" ","email":"a@b"}`, "a@b"},
		{"nothing to name it", ``, `{"id":1}`, ""},
		{"not JSON", ``, `oops`, ""},
		{"long text cut", ``, `{"text":"` + strings.Repeat("w", 90) + `"}`, strings.Repeat("w", 80) + "…"},
	}
	for _, tc := range tests {
		if got := Subject(Entry{Before: []byte(tc.before), After: []byte(tc.after)}); got != tc.want {
			t.Errorf("%s: Subject = %q, want %q", tc.name, got, tc.want)
		}
	}
}
