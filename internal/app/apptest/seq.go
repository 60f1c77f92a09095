package apptest

import (
	"strconv"
	"sync/atomic"
)

var userSeq atomic.Int64

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
