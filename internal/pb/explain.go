package pb

// Explanation says in plain language why each project won or lost.
type Explanation struct {
	Summary  string               `json:"summary"`
	Projects []ProjectExplanation `json:"projects"`
}

// ProjectExplanation is one project's story.
type ProjectExplanation struct {
	ID     string `json:"id"`
	Funded bool   `json:"funded"`
	Step   int    `json:"step,omitempty"`
	Text   string `json:"text"`
}

func explainMES(pr *Profile, run *mesRun, winners []int) *Explanation { return nil }

func explainGeneric(pr *Profile, opt Options, winners []int) *Explanation { return nil }
