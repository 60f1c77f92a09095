package needs

import (
	"strings"
	"unicode"
)

// SearchWords splits a search into lower-case words; punctuation separates
// words ("under-75" is "under" and "75").
func SearchWords(query string) []string {
	return strings.FieldsFunc(strings.ToLower(query), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// MatchesWords reports whether every word appears in the indicator's name
// or definition (ignoring case; a word may be the start or part of a longer
// word, so "smok" finds "smoking"). No words match every indicator.
func (ind Indicator) MatchesWords(words []string) bool {
	if len(words) == 0 {
		return true
	}
	text := strings.Join(SearchWords(ind.Name+" "+ind.Definition), " ")
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}
