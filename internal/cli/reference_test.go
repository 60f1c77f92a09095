package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/store"
)

func runCmd(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, IO{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }})
	return code, out.String(), errb.String()
}

func zipOf(t *testing.T, dir, member, srcPath string) string {
	t.Helper()
	data, err := os.ReadFile(srcPath)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "NSPL.zip")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, m := range []struct {
		name string
		data []byte
	}{{"Documents/LA_UA names and codes.csv", []byte("LAD24CD,LAD24NM\nE06000001,Hartlepool\n")}, {"Data/multi_csv/part_AB.csv", data[:200]}, {member, data}} {
		w, err := zw.Create(m.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(m.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return name
}

// The real ONSPD fixture loads from its CSV and from a zip laid out like
// the ONS download; a file with bad rows names them, by row and column,
// and loads nothing.
func TestLoadPostcodesCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	code, out, errs := runCmd(t, nil, "reference", "load-postcodes", "testdata/onspd_sample.csv", "--data", data)
	if code != ExitOK || !strings.Contains(out, "Loaded 24 postcodes") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCmd(t, nil, "reference", "load-postcodes", "--data", data, zipOf(t, dir, "Data/ONSPD_FEB_2025_UK.csv", "testdata/onspd_sample.csv"))
	if code != ExitOK || !strings.Contains(out, "Loaded 24 postcodes") || !strings.Contains(out, "NSPL.zip:Data/ONSPD_FEB_2025_UK.csv") {
		t.Fatalf("zip: exit %d\n%s%s", code, out, errs)
	}

	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("pcds,lsoa21cd,osward,oslaua\nTS24 7AA,E01011954,E05008943,E06000001\nTS24 7ZZZ,E01011954,E05008943,E06000001\nTS25 1AA,E01011954,E05008943,Hartlepool\n"), 0o600)
	code, _, errs = runCmd(t, nil, "reference", "load-postcodes", bad, "--data", data)
	if code != ExitBadInput || !strings.Contains(errs, "row 3, column pcds") || !strings.Contains(errs, "row 4, column oslaua") || !strings.Contains(errs, "nothing was loaded") {
		t.Fatalf("bad rows: exit %d\n%s", code, errs)
	}
	st, err := store.Open(context.Background(), store.Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.LookupPostcode(context.Background(), "TS24 7AA"); err == nil {
		t.Error("a row of the refused file was loaded")
	}
	if a, err := st.LookupPostcode(context.Background(), "M1 1AD"); err != nil || a.District != "E08000003" {
		t.Errorf("the fixture is no longer loaded: %+v %v", a, err)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"reference", "load-postcodes"}, "name one FILE"},
		{[]string{"reference", "load-postcodes", "a.csv", "b.csv"}, "one FILE at a time"},
		{[]string{"reference", "load-postcodes", filepath.Join(dir, "missing.csv"), "--data", data}, "no such file"},
		{[]string{"reference", "load-postcodes", "testdata/onspd_sample.csv", "--database", "mysql://x"}, "--database must be a postgres:// URL"},
		{[]string{"reference", "nonsense"}, "unknown subcommand"},
	} {
		if code, _, errs := runCmd(t, nil, c.args...); code != ExitBadInput || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want %q", c.args, code, errs, c.want)
		}
	}
	if code, out, errs := runCmd(t, nil, "reference", "load-postcodes", "--help"); code != ExitOK || !strings.Contains(out+errs, "NSPL") {
		t.Errorf("--help: exit %d", code)
	}
}

// serve refuses bad mail settings before it listens, naming the flag.
func TestServeSMTPFlags(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--smtp-tls", "ssl"}, "--smtp-tls"},
		{[]string{"--smtp-host", "smtp.example.org"}, "--smtp-from"},
		{[]string{"--smtp-host", "smtp.example.org", "--smtp-from", "a@example.org", "--smtp-user", "u"}, "--smtp-user"},
		{[]string{"--smtp-host", "smtp.example.org", "--smtp-from", "a@example.org", "--smtp-port", "99999"}, "--smtp-port"},
		{[]string{"--smtp-user", "u"}, "--smtp-host"},
		{[]string{"--confirm-link-ttl", "1s"}, "--confirm-link-ttl"},
		{[]string{"--registrations-per-address", "0"}, "--registrations-per-address"},
	} {
		args := append([]string{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, c.args...)
		if code, _, errs := runCmd(t, nil, args...); code != ExitBadInput || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want %q", c.args, code, errs, c.want)
		}
	}
}
