//go:build !unix

package batch

import "os"

func mapFile(*os.File) ([]byte, bool) { return nil, false }
