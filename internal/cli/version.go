package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version is set at build time with -ldflags "-X …/internal/cli.Version=v1.2.3";
// otherwise the module or VCS information is used.
var Version = ""

func runVersion(ctx context.Context, args []string, std IO) int {
	fs := newFlagSet("version", "version", std)
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !noArgs(fs, "version", std) {
		return ExitBadInput
	}
	fmt.Fprintf(std.Stdout, "placeboard %s (%s, %s/%s)\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return ExitOK
}

func versionString() string {
	if Version != "" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if (v == "" || v == "(devel)") && rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		return "dev-" + rev + modified
	}
	if v == "" {
		return "(devel)"
	}
	return v
}
