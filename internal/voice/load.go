package voice

import "context"

// AnalysisReader reads what a consultation's analysis needs; *store.Store
// satisfies it.
type AnalysisReader interface {
	Responses(ctx context.Context, consultationID int64) ([]Response, error)
	Themes(ctx context.Context, consultationID int64) ([]Theme, error)
	ThemeTags(ctx context.Context, consultationID int64) ([]ThemeTag, error)
	ThemeLinks(ctx context.Context, consultationID int64) (map[int64][]YSWDTarget, error)
}

// Results is everything the analysis, "you said, we did" and exports of
// one consultation show, computed once for the web page, the API and the
// open data alike.
type Results struct {
	Analysis  Analysis
	Responses []Response
	Themes    []ThemeCount
	Tags      []ThemeTag
	YSWD      YSWDPage
}

// LoadResults reads a consultation's responses, themes and links and
// computes its results.
func LoadResults(ctx context.Context, rd AnalysisReader, c Consultation) (Results, error) {
	rs, err := rd.Responses(ctx, c.ID)
	if err != nil {
		return Results{}, err
	}
	themes, err := rd.Themes(ctx, c.ID)
	if err != nil {
		return Results{}, err
	}
	tags, err := rd.ThemeTags(ctx, c.ID)
	if err != nil {
		return Results{}, err
	}
	links, err := rd.ThemeLinks(ctx, c.ID)
	if err != nil {
		return Results{}, err
	}
	res := Results{Analysis: Analyse(c, rs), Responses: rs, Tags: tags, Themes: CountThemes(themes, tags, rs)}
	res.Analysis.Themes = res.Themes
	res.YSWD = YSWD(res.Themes, links)
	return res, nil
}
