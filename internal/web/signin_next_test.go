package web

import "testing"

// safeNext is the one gate for where sign-in sends people afterwards.
// Browsers drop tabs and newlines from URLs and read "\" as "/", so each of
// the refused forms below would leave the site in some browser.
func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/partnerships/1", "/partnerships/1"},
		{"/areas?type=utla&page=2", "/areas?type=utla&page=2"},
		{"/search?q=%2F%2Fevil.example", "/search?q=%2F%2Fevil.example"}, // encoded, in the query: harmless
		{"/%2F%2Fevil.example", "/"},                                     // decodes to //evil.example: refused to be safe
		{"/%09/evil.example", "/%09/evil.example"},                       // an encoded tab is not stripped by browsers
		{"/a//b", "/a//b"},
		{"", "/"},
		{"relative", "/"},
		{"evil.example", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{`/\evil.example`, "/"},
		{`\\evil.example`, "/"},
		{`/\/evil.example`, "/"},
		{"/\t/evil.example", "/"}, // the issue's /%09/evil.example, decoded
		{"/\n/evil.example", "/"},
		{"/\r/evil.example", "/"},
		{"\t//evil.example", "/"},
		{"/ /evil.example", "/ /evil.example"}, // a space is kept by browsers: a path
		{"/\x00/evil.example", "/"},
		{"/\u0085/evil.example", "/"}, // C1 control
		{"https://evil.example", "/"},
		{"http:evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"data:text/html,hi", "/"},
		{"/javascript:alert(1)", "/javascript:alert(1)"}, // a path on this site
		{"//user@evil.example/", "/"},
		{"/" + string(make([]byte, 2001)), "/"},
	} {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
