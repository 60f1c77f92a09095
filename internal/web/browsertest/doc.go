// Package browsertest drives Debian's Chromium with chromedp through
// placeboard's pages, as a person would, and checks each page with axe-core
// at WCAG 2.2 AA and for console errors. The tests live in _test.go files;
// they need `make assets` (GOV.UK Frontend and axe-core from npm) and skip
// when Chromium is missing, except in CI (CI=true), where they fail.
package browsertest
