//go:build !unix

package cli

import "os"

func mapFile(*os.File) ([]byte, bool) { return nil, false }
