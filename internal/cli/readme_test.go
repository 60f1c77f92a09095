package cli

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readmeCommands returns the README's indented example lines that run the
// binary, split into arguments (single quotes group words, as in a shell).
func readmeCommands(t *testing.T, prefix string) [][]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(sc.Text(), "    ") || !strings.HasPrefix(line, prefix) {
			continue
		}
		out = append(out, shellWords(t, strings.TrimPrefix(line, prefix)))
	}
	return out
}

func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	inQuote, inWord := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			inQuote, inWord = !inQuote, true
		case r == ' ' && !inQuote:
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inQuote {
		t.Fatalf("unbalanced quote in README line %q", s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// TestREADMEFirstAdminCommandWorks runs the README's first-administrator
// command as written (a regression test: it once lacked --email and failed),
// only pointing it at a temporary data folder and feeding the password on
// standard input instead of the terminal.
func TestREADMEFirstAdminCommandWorks(t *testing.T) {
	cmds := readmeCommands(t, "./bin/placeboard ")
	var adds [][]string
	for _, c := range cmds {
		if len(c) >= 2 && c[0] == "user" && c[1] == "add" {
			adds = append(adds, c)
		}
	}
	if len(adds) == 0 {
		t.Fatal("the README shows no `./bin/placeboard user add` command")
	}
	for _, args := range adds {
		dir := t.TempDir()
		args = append(append([]string{}, args...), "--data", dir, "--password-stdin")
		var stdout, stderr bytes.Buffer
		std := IO{Stdin: strings.NewReader("Kestrel-orbit-lantern-93\n"), Stdout: &stdout, Stderr: &stderr}
		if code := Run(context.Background(), args, std); code != ExitOK {
			t.Fatalf("README command %q exited %d: %s", strings.Join(args, " "), code, stderr.String())
		}
		var list bytes.Buffer
		if code := Run(context.Background(), []string{"user", "list", "--data", dir}, IO{Stdout: &list, Stderr: &stderr}); code != ExitOK {
			t.Fatalf("user list exited %d: %s", code, stderr.String())
		}
		if !strings.Contains(list.String(), "you@example.org") {
			t.Errorf("the README's account is not listed:\n%s", list.String())
		}
	}
}

// TestEveryCommandRefusesControlCharactersInFlags: the text check sits in
// parseFlags, so commands beyond stats and pb refuse a pasted escape or a
// Latin-1 byte too, naming the flag (user add's --name took them before).
func TestEveryCommandRefusesControlCharactersInFlags(t *testing.T) {
	for _, args := range [][]string{
		{"user", "add", "--email", "a@example.org", "--name", "Ada\x1b[31m", "--data", t.TempDir()},
		{"user", "passwd", "--email", "caf\xe9@example.org", "--data", t.TempDir()},
		{"import", "indicators", "x.csv", "--format", "fingertips\t", "--data", t.TempDir()},
		{"serve", "--addr", "127.0.0.1:0\n"},
	} {
		var stderr bytes.Buffer
		code := Run(context.Background(), args, IO{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr})
		if code != ExitBadInput || !strings.Contains(stderr.String(), "--") || !(strings.Contains(stderr.String(), "control character") || strings.Contains(stderr.String(), "UTF-8")) {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 naming the flag", args, code, stderr.String())
		}
	}
}
