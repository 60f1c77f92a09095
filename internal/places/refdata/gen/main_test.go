package main

import "testing"

func TestFreeNeighbour(t *testing.T) {
	taken := func(cells ...[2]int) map[[2]int]bool {
		m := map[[2]int]bool{}
		for _, c := range cells {
			m[c] = true
		}
		return m
	}
	tests := []struct {
		name         string
		used         map[[2]int]bool
		q, r         int
		dirs         []string
		wantQ, wantR int
		wantErr      bool
	}{
		{"east", taken(), 5, 10, []string{"e"}, 6, 10, false},
		{"north-east of an even row stays in the column", taken(), 5, 10, []string{"ne"}, 5, 11, false},
		{"north-west of an even row moves west", taken(), 5, 10, []string{"nw"}, 4, 11, false},
		{"north-east of an odd row moves east", taken(), 5, 9, []string{"ne"}, 6, 10, false},
		{"south-west of an odd row stays in the column", taken(), 5, 9, []string{"sw"}, 5, 8, false},
		{"skips taken cells", taken([2]int{4, 10}), 5, 10, []string{"w", "sw"}, 4, 9, false},
		{"all taken", taken([2]int{4, 10}), 5, 10, []string{"w"}, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, r, err := freeNeighbour(tt.used, tt.q, tt.r, tt.dirs)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && (q != tt.wantQ || r != tt.wantR) {
				t.Errorf("got q=%d r=%d, want q=%d r=%d", q, r, tt.wantQ, tt.wantR)
			}
		})
	}
}

func TestNum(t *testing.T) {
	tests := []struct {
		in   any
		want int
	}{{float64(7), 7}, {3, 3}, {"x", 0}, {nil, 0}}
	for _, tt := range tests {
		if got := num(tt.in); got != tt.want {
			t.Errorf("num(%v) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
