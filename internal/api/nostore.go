package api

import "github.com/danielgtaylor/huma/v2"

// noStoreOperations are the operations whose responses carry personal data
// (the caller's account, board members' names) or audit entries: browsers
// and shared caches must not keep them ("Cache-Control: no-store"). Add an
// operation here when it returns such data.
var noStoreOperations = map[string]bool{
	"get-me":        true,
	"list-audit":    true,
	"list-members":  true,
	"add-member":    true,
	"remove-member": true,
}

// useNoStore installs noStore for every operation. huma captures the API's
// middlewares when an operation is registered, so New must call this
// before registering any.
func (a *API) useNoStore() { a.huma.UseMiddleware(noStore) }

// noStore marks the responses of noStoreOperations, errors included.
func noStore(ctx huma.Context, next func(huma.Context)) {
	if op := ctx.Operation(); op != nil && noStoreOperations[op.OperationID] {
		ctx.SetHeader("Cache-Control", "no-store")
	}
	next(ctx)
}
