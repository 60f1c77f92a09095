package api

import (
	"reflect"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// moneyPkg is the money domain's import path; its types are served
// directly in the API's bodies.
const moneyPkg = "github.com/placeboard/placeboard/internal/money"

// schemaNamer names OpenAPI schemas as huma does, except that the money
// domain's types (and generic wrappers of them) get the prefix "Money", so
// money.Fund is "MoneyFund" and ListOutput[money.Fund] "MoneyListOutputFund":
// seven modules' schemas never clash.
func schemaNamer(t reflect.Type, hint string) string {
	name := huma.DefaultSchemaNamer(t, hint)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if (t.PkgPath() == moneyPkg || strings.Contains(t.Name(), moneyPkg+".")) && !strings.HasPrefix(name, "Money") {
		return "Money" + name
	}
	return name
}
