package web

import "testing"

func TestTemplatesParse(t *testing.T) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	tm, err := parseTemplates(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"home", "search", "area", "areas", "organisations", "organisation", "partnerships", "partnership", "meeting", "decision", "national", "sign-in", "error", "admin", "partnership-new", "member-new", "meeting-new", "decision-new", "organisation-new", "organisation-import", "audit"} {
		if tm.pages[name] == nil {
			t.Errorf("no page template %q", name)
		}
	}
}
