package chart

import (
	"math"
	"strings"
	"testing"
)

func TestPounds(t *testing.T) {
	for _, c := range []struct {
		in   int64
		want string
	}{
		{0, "£0.00"},
		{5, "£0.05"},
		{-5, "-£0.05"},
		{100, "£1.00"},
		{123456789, "£1,234,567.89"},
		{100000001, "£1,000,000.01"},
		{-300000000, "-£3,000,000.00"},
		{math.MaxInt64, "£92,233,720,368,547,758.07"},
		{math.MinInt64, "-£92,233,720,368,547,758.08"},
	} {
		if got := Pounds(c.in); got != c.want {
			t.Errorf("Pounds(%d) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestShortPounds(t *testing.T) {
	for _, c := range []struct {
		in   int64
		want string
	}{
		{0, "£0"},
		{90000, "£900"},
		{45000000, "£450k"},
		{300000000, "£3.0m"},
		{-120000000, "-£1.2m"},
	} {
		if got := shortPounds(c.in); got != c.want {
			t.Errorf("shortPounds(%d) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFlowChart(t *testing.T) {
	f := MoneyFlow{
		Fund: "Hartlepool BCF <2025-26>",
		Partners: []FlowPartner{
			{Name: "NHS North East and North Cumbria ICB", Pence: 1_200_000_000},
			{Name: "Hartlepool Borough Council", Pence: 800_000_000},
		},
		Schemes: []FlowScheme{
			{Name: "Reablement", Pence: 900_000_000},
			{Name: "Hospital discharge", Pence: 700_000_000},
			{Name: "Carers' support", Pence: 250_000_000},
			{Name: "Home care", Pence: 100_000_000},
		},
		Commitments: []FlowCommitment{
			{Scheme: 0, Provider: "Council in-house team", ProviderKind: "Council in-house", Pence: 900_000_000},
			{Scheme: 1, Provider: "North Tees and Hartlepool NHS FT", ProviderKind: "NHS", Pence: 650_000_000},
			{Scheme: 2, Provider: "Hartlepool Carers", ProviderKind: "Voluntary", Pence: 250_000_000},
			{Scheme: 3, Provider: "Council in-house team", ProviderKind: "Council in-house", Pence: 100_000_000},
			{Scheme: 9, Provider: "Nowhere", Pence: 1}, // no such scheme: left out
		},
	}
	c := FlowChart("flow", f)
	wellFormed(t, c)
	if len(c.Table.Rows) != 2+4+4 {
		t.Errorf("table has %d rows, want one per link (10)", len(c.Table.Rows))
	}
	if c.Table.Rows[0][2] != "£12,000,000.00" || c.Table.Rows[0][1] != f.Fund {
		t.Errorf("first row %v", c.Table.Rows[0])
	}
	for _, want := range []string{"2 partners contribute £20,000,000.00", "allocates £19,500,000.00 to 4 schemes", "which commit £19,000,000.00 to 3 providers",
		"Council in-house £10,000,000.00", "£500,000.00 is not yet allocated"} {
		if !strings.Contains(c.Summary, want) {
			t.Errorf("summary %q lacks %q", c.Summary, want)
		}
	}
	if strings.Contains(c.SVG, "<2025") {
		t.Error("fund name not escaped in the SVG")
	}
	// The provider used by two schemes is drawn once.
	if n := strings.Count(c.SVG, ">Council in-hous... £10.0m</text>"); n != 1 {
		t.Errorf("shared provider drawn %d times", n)
	}

	empty := FlowChart("flow", MoneyFlow{Fund: "Empty"})
	if empty.SVG != "" || !strings.Contains(empty.Summary, "No contributions") {
		t.Errorf("empty flow: %+v", empty)
	}
	over := FlowChart("flow", MoneyFlow{Fund: "F", Partners: []FlowPartner{{"A", 100}}, Schemes: []FlowScheme{{"S", 250}}})
	wellFormed(t, over)
	if !strings.Contains(over.Summary, "exceed contributions by £1.50") {
		t.Errorf("over-allocated summary %q", over.Summary)
	}
}

func TestSpendChart(t *testing.T) {
	months := []MonthSpend{
		{Month: "Apr 2025", Plan: 100_00, Actual: 90_00},
		{Month: "May 2025", Plan: 100_00, Actual: 120_00},
		{Month: "Jun 2025", Plan: 100_00, Actual: 110_00, Forecast: true},
	}
	c := SpendChart("spend", "Reablement", months)
	wellFormed(t, c)
	if got := c.Table.Rows[1]; got[3] != "£200.00" || got[4] != "£210.00" || got[5] != "£10.00" {
		t.Errorf("May row %v", got)
	}
	if got := c.Table.Rows[2][2]; got != "£110.00 (forecast)" {
		t.Errorf("June %q", got)
	}
	for _, want := range []string{"Planned for the year: £300.00", "£320.00, a variance of £20.00", "to the end of May 2025: £210.00 against £200.00", "Overspend forecast"} {
		if !strings.Contains(c.Summary, want) {
			t.Errorf("summary %q lacks %q", c.Summary, want)
		}
	}
	if !strings.Contains(c.SVG, `stroke-dasharray="6 4"`) {
		t.Error("forecast not dashed")
	}
	if e := SpendChart("spend", "x", nil); e.SVG != "" {
		t.Error("empty spend chart drew an SVG")
	}
}

func TestShortfallChart(t *testing.T) {
	c := ShortfallChart("gap", "ICB withdraws £3m", []MonthAmount{{"Jan 2026", 0}, {"Feb 2026", 25_000_000}, {"Mar 2026", 25_000_000}})
	wellFormed(t, c)
	if !strings.Contains(c.Summary, "starts in Feb 2026 and totals £500,000.00 over 3 months") {
		t.Errorf("summary %q", c.Summary)
	}
	if strings.Count(c.SVG, "<rect") != 3 {
		t.Errorf("want a bar per month")
	}
	none := ShortfallChart("gap", "x", []MonthAmount{{"Jan 2026", 0}})
	wellFormed(t, none)
	if none.Summary != "No shortfall in any month." {
		t.Errorf("summary %q", none.Summary)
	}
}
