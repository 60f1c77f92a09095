package api

import "testing"

func newTestAPI(t *testing.T) *API {
	t.Helper()
	return New(Deps{})
}
