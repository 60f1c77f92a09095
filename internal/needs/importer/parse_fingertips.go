package importer

import (
	"github.com/placeboard/placeboard/internal/needs"
	"io"
	"strings"
)

// parseFingertips reads the Fingertips CSV export. Column names are matched
// loosely ("Lower CI 95.0 limit" = "lowerci95.0limit"), so both the API's
// export and fingertipsR/janitor-cleaned extracts read. The "Compared to
// <parent> value or percentiles" column is found by its shape, whatever the
// parent is called.
func (im *Importer) parseFingertips(r io.Reader, emit needs.Emit) error {
	cr := newCSVReader(r)
	header, ok := im.readHeader(cr)
	if !ok {
		return nil
	}
	cols := newColumns(header)
	var (
		cIndicator = cols.find("indicatorid")
		cIndName   = cols.find("indicatorname")
		cArea      = cols.find("areacode")
		cAreaName  = cols.find("areaname")
		cSex       = cols.find("sex")
		cAge       = cols.find("age")
		cCatType   = cols.find("categorytype")
		cCat       = cols.find("category")
		cPeriod    = cols.find("timeperiod")
		cValue     = cols.find("value")
		cL95       = cols.find("lowerci950limit", "lowerci95limit")
		cU95       = cols.find("upperci950limit", "upperci95limit")
		cL998      = cols.find("lowerci998limit")
		cU998      = cols.find("upperci998limit")
		cCount     = cols.find("count")
		cDenom     = cols.find("denominator")
		cNote      = cols.find("valuenote")
		cTrend     = cols.find("recenttrend")
		cParent    = cols.find("parentname")
	)
	im.requireColumns("Fingertips CSV export", requiredColumn{cIndicator, "Indicator ID"},
		requiredColumn{cArea, "Area Code"}, requiredColumn{cPeriod, "Time period"}, requiredColumn{cValue, "Value"})
	for i, h := range header {
		k := headerKey(h)
		if strings.HasPrefix(k, "comparedto") && strings.HasSuffix(k, "valueorpercentiles") && k != "comparedtoenglandvalueorpercentiles" {
			im.summary.ParentComparisonColumn = strings.TrimSpace(header[i])
			name := strings.TrimSpace(header[i])
			name = name[len("Compared to "):]
			name = strings.TrimSuffix(name, " value or percentiles")
			im.summary.ParentName = name
		}
	}
	if !im.errs.Empty() {
		return nil
	}
	im.fieldCols = map[string]string{"count": cols.name(cCount), "denominator": cols.name(cDenom),
		"lower_ci_95": cols.name(cL95), "lower_ci_99_8": cols.name(cL998)}
	line := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line++
		if err != nil {
			im.errs.Add(csvErr(err))
			return nil
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) != len(header) {
			im.rowErr(line, "", "the row has %d columns but the header has %d", len(rec), len(header))
			continue
		}
		if im.summary.ParentName == "" && cParent >= 0 {
			im.summary.ParentName = cell(rec, cParent)
		}
		before := len(im.errs.Errors) + im.errs.More
		id, ok := im.intCell(line, cols, rec, cIndicator, "indicator id")
		var ind needs.Indicator
		if ok {
			ind, ok = im.indicatorFor(id, cell(rec, cIndName))
			if !ok {
				im.rowErr(line, cols.name(cIndicator), "indicator %d is not in the catalogue and the file gives no name for it", id)
			}
		}
		p := needs.NewDataPoint()
		p.IndicatorID = id
		p.AreaCode = cell(rec, cArea)
		if !checkAreaCode(p.AreaCode) {
			im.rowErr(line, cols.name(cArea), "%q is not an area code (letters and digits, like E09000002)", clip(p.AreaCode))
		}
		p.AreaName = cell(rec, cAreaName)
		p.Sex = orDefault(cell(rec, cSex), "Persons")
		p.Age = orDefault(cell(rec, cAge), orDefault(ind.AgeGroup, "All ages"))
		p.CategoryType = cell(rec, cCatType)
		p.Category = cell(rec, cCat)
		if p.Category != "" && p.CategoryType == "" {
			p.CategoryType = "Category"
		}
		pt := ind.PeriodType
		period, perr := im.period(cell(rec, cPeriod), pt)
		if perr != nil {
			im.rowErr(line, cols.name(cPeriod), "%s", perr.Error())
		}
		p.Period = period
		p.Value = im.numberCell(line, cols, rec, cValue)
		p.Lower95 = im.numberCell(line, cols, rec, cL95)
		p.Upper95 = im.numberCell(line, cols, rec, cU95)
		p.Lower998 = im.numberCell(line, cols, rec, cL998)
		p.Upper998 = im.numberCell(line, cols, rec, cU998)
		p.Count = im.numberCell(line, cols, rec, cCount)
		p.Denominator = im.numberCell(line, cols, rec, cDenom)
		p.Note = cell(rec, cNote)
		p.Trend = cell(rec, cTrend)
		if len(im.errs.Errors)+im.errs.More > before {
			continue
		}
		if err := im.deliver(line, p, ind, emit); err != nil {
			return err
		}
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
