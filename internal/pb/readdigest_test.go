package pb

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/iotest"
)

// readDigestsFile holds, per testdata file, a hash of everything Read and
// Profile produce. It was written by the reader before it was optimised
// for speed, so the test pins the optimised reader to the old behaviour.
const readDigestsFile = "testdata/read_digests.txt"

var updateReadDigests = flag.Bool("update-read-digests", false, "rewrite "+readDigestsFile)

// readTestdataBytes returns testdata/NAME.pb.gz decompressed.
func readTestdataBytes(t testing.TB, name string) []byte {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name+".pb.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// dumpElection writes every field of e and of its Profile (or the Profile
// error) in a canonical text form, keeping nil apart from empty since
// callers can tell them apart.
func dumpElection(w io.Writer, e *Election) {
	strs := func(label string, xs []string) {
		if xs == nil {
			fmt.Fprintf(w, "%s nil\n", label)
			return
		}
		fmt.Fprintf(w, "%s %d %q\n", label, len(xs), xs)
	}
	rats := func(label string, xs []*big.Rat) {
		if xs == nil {
			fmt.Fprintf(w, "%s nil\n", label)
			return
		}
		fmt.Fprintf(w, "%s %d", label, len(xs))
		for _, x := range xs {
			fmt.Fprintf(w, " %s", x.RatString())
		}
		fmt.Fprintln(w)
	}
	for _, m := range e.Meta {
		fmt.Fprintf(w, "meta %q %q\n", m.Key, m.Value)
	}
	fmt.Fprintf(w, "budget %s type %q\n", e.Budget.RatString(), e.VoteType)
	strs("projectcols", e.ProjectColumns)
	for _, p := range e.Projects {
		fmt.Fprintf(w, "project %q %s line %d\n", p.ID, p.Cost.RatString(), p.Line)
		strs(" cells", p.Cells)
	}
	strs("votecols", e.VoteColumns)
	for _, v := range e.Voters {
		fmt.Fprintf(w, "voter %q line %d\n", v.ID, v.Line)
		strs(" vote", v.Vote)
		rats(" points", v.Points)
		strs(" cells", v.Cells)
	}
	pr, err := e.Profile()
	if err != nil {
		fmt.Fprintf(w, "profile error %v\n", err)
		return
	}
	strs("ids", pr.IDs)
	rats("costs", pr.Costs)
	fmt.Fprintf(w, "pbudget %s cardinal %v order %v rank %v\n", pr.Budget.RatString(), pr.Cardinal, pr.order, pr.rank)
	for i, b := range pr.Ballots {
		fmt.Fprintf(w, "ballot %v\n", b)
		if pr.Points != nil {
			rats(" points", pr.Points[i])
		}
	}
}

func electionDigest(e *Election) string {
	h := sha256.New()
	bw := bufio.NewWriter(h)
	dumpElection(bw, e)
	bw.Flush()
	return hex.EncodeToString(h.Sum(nil))
}

// TestReadMatchesStoredDigests reads every testdata file and compares the
// Election and Profile with the digests stored by the previous reader.
func TestReadMatchesStoredDigests(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.pb.gz")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	got := map[string]string{}
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".pb.gz")
		e, err := Read(bytes.NewReader(readTestdataBytes(t, name)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got[name] = electionDigest(e)
	}
	if *updateReadDigests {
		names := make([]string, 0, len(got))
		for n := range got {
			names = append(names, n)
		}
		sort.Strings(names)
		var b strings.Builder
		for _, n := range names {
			fmt.Fprintf(&b, "%s %s\n", got[n], n)
		}
		if err := os.WriteFile(readDigestsFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	raw, err := os.ReadFile(readDigestsFile)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		d, n, _ := strings.Cut(l, " ")
		want[n] = d
	}
	if len(want) != len(got) {
		t.Errorf("%d digests stored for %d testdata files", len(want), len(got))
	}
	for n, d := range got {
		if want[n] != d {
			t.Errorf("%s: Read+Profile digest %s, stored %s", n, d, want[n])
		}
	}
}

// TestDumpElectionTellsApart guards the digest: elections that differ in
// a single detail must dump differently.
func TestDumpElectionTellsApart(t *testing.T) {
	base := func() *Election {
		e, err := Read(strings.NewReader(smallApproval))
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	ref := electionDigest(base())
	if electionDigest(base()) != ref {
		t.Fatal("digest is not deterministic")
	}
	changes := map[string]func(e *Election){
		"voter line":   func(e *Election) { e.Voters[0].Line++ },
		"empty vote":   func(e *Election) { e.Voters[2].Vote = []string{} },
		"points":       func(e *Election) { e.Voters[0].Points = []*big.Rat{} },
		"cell":         func(e *Election) { e.Voters[1].Cells[2] = "31" },
		"project cell": func(e *Election) { e.Projects[1].Cells[3] = "None" },
		"unknown vote": func(e *Election) { e.Voters[0].Vote[0] = "9" },
		"meta":         func(e *Election) { e.Meta[0].Value += " " },
		"vote col":     func(e *Election) { e.VoteColumns = e.VoteColumns[:2] },
	}
	for name, change := range changes {
		e := base()
		change(e)
		if electionDigest(e) == ref {
			t.Errorf("%s: digest unchanged", name)
		}
	}
}

// TestReadAnyReader checks that the buffer sizing in readText neither
// changes what is read nor hides a failing reader.
func TestReadAnyReader(t *testing.T) {
	data := readTestdataBytes(t, "Netherlands_Assen_2024")
	want, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	readers := map[string]io.Reader{
		"one byte":   iotest.OneByteReader(bytes.NewReader(data)),
		"half":       iotest.HalfReader(bytes.NewReader(data)),
		"data + EOF": iotest.DataErrReader(bytes.NewReader(data)),
		"no Len":     io.MultiReader(bytes.NewReader(data[:len(data)/3]), bytes.NewReader(data[len(data)/3:])),
	}
	for name, r := range readers {
		got, err := Read(r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if electionDigest(got) != electionDigest(want) {
			t.Errorf("%s: read a different election", name)
		}
	}
	boom := errors.New("boom")
	if _, err := Read(io.MultiReader(bytes.NewReader(data), iotest.ErrReader(boom))); !errors.Is(err, boom) {
		t.Errorf("failing reader: err = %v, want %v", err, boom)
	}
}

// BenchmarkReadProfile times what every `placeboard pb` command does first:
// Read and Profile on a large file (PB_BENCH_FILE to pick another).
func BenchmarkReadProfile(b *testing.B) {
	data := readTestdataBytes(b, benchFile())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		e, err := Read(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.Profile(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestParseNumberFastPathAgreesWithSetString pins the integer fast path of
// parseNumberInto to what Rat.SetString reads.
func TestParseNumberFastPathAgreesWithSetString(t *testing.T) {
	for _, s := range []string{"0", "00", "010", "7", "123456789012345678", "999999999999999999", "1234567890123456789", "+5", "-5", "5.0", "1e3", "1/3", "0x10", "٣", ""} {
		want, wantOK := new(big.Rat).SetString(s)
		got, ok := parseNumber(s, false)
		if ok != wantOK || (ok && got.Cmp(want) != 0) {
			t.Errorf("parseNumber(%q) = %v, %v; SetString gives %v, %v", s, got, ok, want, wantOK)
		}
		if _, fast := smallDecimal(s); fast && !wantOK {
			t.Errorf("smallDecimal accepts %q, which SetString refuses", s)
		}
	}
}

// TestSharedBackingArraysDoNotLeak guards the slabs and the ballot array:
// appending to one row, vote or ballot must not change its neighbour.
func TestSharedBackingArraysDoNotLeak(t *testing.T) {
	in := "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\na;1\nb;2\nVOTES\nvoter_id;vote\n1;a,a\n2;b\n"
	e, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	pr, err := e.Profile()
	if err != nil {
		t.Fatal(err)
	}
	_ = append(e.Voters[0].Cells, "x")
	_ = append(e.Voters[0].Vote, "x")
	_ = append(pr.Ballots[0], 9)
	_ = append(e.VoteColumns, "x")
	if got := strings.Join(e.Voters[1].Cells, ";"); got != "2;b" {
		t.Errorf("voter 2 cells = %q", got)
	}
	if got := strings.Join(e.Voters[1].Vote, ","); got != "b" {
		t.Errorf("voter 2 vote = %q", got)
	}
	if len(pr.Ballots[0]) != 1 || len(pr.Ballots[1]) != 1 || pr.Ballots[1][0] != 1 {
		t.Errorf("ballots = %v", pr.Ballots)
	}
	if got := strings.Join(e.Voters[0].Vote, ","); got != "a,a" {
		t.Errorf("voter 1 vote = %q", got)
	}
	if got := strings.Join(e.Voters[0].Cells, ";"); got != "1;a,a" {
		t.Errorf("voter 1 cells = %q", got)
	}
}
