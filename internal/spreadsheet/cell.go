// Package spreadsheet holds the rules for text that a spreadsheet will
// open: one place for every CSV download (the web's and the money
// exports').
package spreadsheet

// SafeCell returns s so that a spreadsheet shows it as text: a cell that
// starts with =, +, -, @, a tab or a carriage return would otherwise be
// read as a formula (CSV injection, OWASP), so it gets a leading
// apostrophe, which spreadsheets hide.
func SafeCell(s string) string {
	if s != "" {
		switch s[0] {
		case '=', '+', '-', '@', '\t', '\r':
			return "'" + s
		}
	}
	return s
}
