// Package money is the Money module's domain (docs/money.md): pooled funds
// under section 75 agreements, partner contributions by funding source,
// schemes commissioned from a mixed economy of providers, an append-only
// double-entry ledger in integer pence, forecasts, the year-end
// over/underspend waterfall, "what if a partner withdraws" scenarios and
// multi-party sign-off of plan versions.
//
// Every amount is a Pence (int64). Nothing here uses floating point for
// money. The package imports no net/http, database/sql or store: the store
// satisfies the small interfaces declared here (Consultations).
package money
