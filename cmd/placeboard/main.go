// Command placeboard is the single binary for the placeboard platform:
// the web server, the JSON API and every command-line tool.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/placeboard/placeboard/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.Std())
	stop()
	os.Exit(code)
}
