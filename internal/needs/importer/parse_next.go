package importer

import (
	"github.com/placeboard/placeboard/internal/needs"
	"io"
	"strconv"
	"strings"
)

// parseNext reads a Fingertips Next health-data CSV: the DataCreator shape
// (IndicatorID, Year, AgeID, SexID, AreaCode, Count, Value, LowerCI, UpperCI,
// Denominator, with optional Category, CategoryType, Age, Sex and Trend). Year
// is the year the period ends; the indicator's period type says which kind.
func (im *Importer) parseNext(r io.Reader, emit needs.Emit) error {
	cr := newCSVReader(r)
	header, ok := im.readHeader(cr)
	if !ok {
		return nil
	}
	cols := newColumns(header)
	var (
		cIndicator = cols.find("indicatorid")
		cYear      = cols.find("year")
		cAgeID     = cols.find("ageid")
		cAge       = cols.find("age")
		cSexID     = cols.find("sexid")
		cSex       = cols.find("sex")
		cArea      = cols.find("areacode")
		cCount     = cols.find("count")
		cValue     = cols.find("value")
		cLower     = cols.find("lowerci", "lowerci95")
		cUpper     = cols.find("upperci", "upperci95")
		cL998      = cols.find("lowerci998")
		cU998      = cols.find("upperci998")
		cDenom     = cols.find("denominator")
		cCatType   = cols.find("categorytype")
		cCat       = cols.find("category")
		cTrend     = cols.find("trend")
	)
	im.requireColumns("Fingertips Next health-data CSV", requiredColumn{cIndicator, "IndicatorID"},
		requiredColumn{cArea, "AreaCode"}, requiredColumn{cYear, "Year"}, requiredColumn{cValue, "Value"})
	if cAgeID < 0 && cAge < 0 {
		im.rowErr(1, "AgeID", "the header has neither an AgeID nor an Age column")
	}
	if cSexID < 0 && cSex < 0 {
		im.rowErr(1, "SexID", "the header has neither a SexID nor a Sex column")
	}
	if !im.errs.Empty() {
		return nil
	}
	im.fieldCols = map[string]string{"count": cols.name(cCount), "denominator": cols.name(cDenom),
		"lower_ci_95": cols.name(cLower), "lower_ci_99_8": cols.name(cL998)}
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
			continue
		}
		if len(rec) != len(header) {
			im.rowErr(line, "", "the row has %d columns but the header has %d", len(rec), len(header))
			continue
		}
		before := len(im.errs.Errors) + im.errs.More
		id, ok := im.intCell(line, cols, rec, cIndicator, "indicator id")
		var ind needs.Indicator
		if ok {
			ind, ok = im.indicatorFor(id, "")
			if !ok {
				im.rowErr(line, cols.name(cIndicator), "indicator %d is not in the catalogue; add it first (Fingertips Next files do not name indicators)", id)
			}
		}
		p := needs.NewDataPoint()
		p.IndicatorID = id
		p.AreaCode = cell(rec, cArea)
		if !checkAreaCode(p.AreaCode) {
			im.rowErr(line, cols.name(cArea), "%q is not an area code (letters and digits, like E06000001)", clip(p.AreaCode))
		}
		year, yok := im.intCell(line, cols, rec, cYear, "year")
		if yok && (year < 1900 || year > 2200) {
			im.rowErr(line, cols.name(cYear), "year %d is out of range", year)
		}
		p.Period = needs.PeriodFromEndYear(year, ind.PeriodType)
		p.Age = cell(rec, cAge)
		if p.Age == "" && cAgeID >= 0 {
			if s := cell(rec, cAgeID); s != "" {
				aid, err := strconv.Atoi(s)
				a, found := needs.AgeByID(aid)
				if err != nil || !found {
					im.rowErr(line, cols.name(cAgeID), "age id %q is not a Fingertips age group", clip(s))
				}
				p.Age = a.Label
			}
		}
		if p.Age == "" {
			p.Age = "All ages"
		}
		p.Sex = cell(rec, cSex)
		if p.Sex == "" && cSexID >= 0 {
			if s := cell(rec, cSexID); s != "" {
				sid, err := strconv.Atoi(s)
				label, found := needs.SexByID(sid)
				if err != nil || !found {
					im.rowErr(line, cols.name(cSexID), "sex id %q is not 1 (male), 2 (female) or 4 (persons)", clip(s))
				}
				p.Sex = label
			}
		}
		if p.Sex == "" {
			p.Sex = "Persons"
		}
		p.CategoryType = unquote(cell(rec, cCatType))
		p.Category = unquote(cell(rec, cCat))
		if p.Category != "" && p.CategoryType == "" {
			p.CategoryType = "Category"
		}
		p.Value = im.numberCell(line, cols, rec, cValue)
		p.Lower95 = im.numberCell(line, cols, rec, cLower)
		p.Upper95 = im.numberCell(line, cols, rec, cUpper)
		p.Lower998 = im.numberCell(line, cols, rec, cL998)
		p.Upper998 = im.numberCell(line, cols, rec, cU998)
		p.Count = im.numberCell(line, cols, rec, cCount)
		p.Denominator = im.numberCell(line, cols, rec, cDenom)
		p.Trend = unquote(cell(rec, cTrend))
		if len(im.errs.Errors)+im.errs.More > before {
			continue
		}
		if err := im.deliver(line, p, ind, emit); err != nil {
			return err
		}
	}
}
