package cli

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// money import-actuals posts a good file whole and refuses a bad one by
// row and column, posting nothing.
func TestMoneyImportActualsCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, out, errs := runCmd(t, nil, "migrate", "--data", data); code != ExitOK {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errs)
	}
	st, err := store.Open(context.Background(), store.Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	w := storetest.MoneyFixture(t, st)
	st.Close()
	fund := strconv.FormatInt(w.Fund.ID, 10)
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("period,scheme,amount,reference\n2025-04,S01,\"1,000.50\",INV-1\n2025-05,S02,99.50,INV-2\n"), 0o600)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("period,scheme,amount\n2025-04,S01,1.00\n2025-04,S01,1.00\n2025-04,S09,1.00\n"), 0o600)
	code, out, errs := runCmd(t, nil, "money", "import-actuals", good, "--fund", fund, "--data", data)
	if code != ExitOK || !strings.Contains(out, "Posted 2 actuals totalling £1,100.00") {
		t.Fatalf("good file: exit %d\n%s%s", code, out, errs)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"money", "import-actuals", bad, "--fund", fund, "--data", data}, "row 4, column scheme"},
		{[]string{"money", "import-actuals", good, "--fund", "x", "--data", data}, "--fund must be"},
		{[]string{"money", "import-actuals", "--fund", fund, "--data", data}, "name one FILE"},
	} {
		if code, _, errs := runCmd(t, nil, c.args...); code != ExitBadInput || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want %q", c.args, code, errs, c.want)
		}
	}
	st, err = store.Open(context.Background(), store.Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pos, err := st.MoneyPosition(context.Background(), w.Fund.ID)
	if err != nil || pos.Spent != 110_000 {
		t.Errorf("spent %s after one good and one refused file, want £1,100.00 (%v)", pos.Spent, err)
	}
	if code, out, errs := runCmd(t, nil, "money", "import-actuals", "--help"); code != ExitOK || !strings.Contains(out+errs, "ONE transaction") {
		t.Errorf("--help: exit %d", code)
	}
}
