package money

import (
	"fmt"
	"strings"

	"github.com/placeboard/placeboard/internal/validation"
)

// SignoffRole is who signs a plan for an organisation.
type SignoffRole string

// Sign-off roles: the chief executive of every partner (not delegable)
// and the council's section 151 officer.
const (
	RoleChiefExecutive SignoffRole = "chief_executive"
	RoleS151           SignoffRole = "s151"
)

// Signoff is one signature on a plan version. A later edit voids it.
type Signoff struct {
	ID            int64       `json:"id"`
	PlanVersionID int64       `json:"plan_version_id"`
	OrgID         int64       `json:"org_id"`
	Role          SignoffRole `json:"role"`
	SignerName    string      `json:"signer_name"`
	SignedBy      int64       `json:"signed_by"`
	SignedAt      string      `json:"signed_at"`
	VoidedAt      string      `json:"voided_at,omitempty"`
}

// Validate checks a signature's own fields.
func (s Signoff) Validate() error {
	var errs validation.Errors
	if s.OrgID <= 0 {
		errs.Add("org_id", "Choose the organisation signing")
	}
	if s.Role != RoleChiefExecutive && s.Role != RoleS151 {
		errs.Add("role", "Choose chief_executive or s151")
	}
	errs.Required("signer_name", strings.TrimSpace(s.SignerName), "the name of the person signing")
	return errs.Err()
}

// Required is one signature a plan needs.
type Required struct {
	OrgID int64       `json:"org_id"`
	Role  SignoffRole `json:"role"`
}

// RequiredSignoffs lists the signatures a fund's plan needs: each
// partner's chief executive, and the section 151 officer of the council
// (councilOrgID, 0 when there is none among the partners).
func RequiredSignoffs(a Agreement, councilOrgID int64) []Required {
	out := make([]Required, 0, len(a.Parties)+1)
	for _, p := range a.Parties {
		out = append(out, Required{OrgID: p.OrgID, Role: RoleChiefExecutive})
	}
	if councilOrgID > 0 {
		out = append(out, Required{OrgID: councilOrgID, Role: RoleS151})
	}
	return out
}

// PlanVersion is one version of a fund's plan. Any edit to the fund, its
// agreement, contributions, schemes or budgets after a signature makes a
// new version and voids the earlier signatures.
type PlanVersion struct {
	ID        int64     `json:"id"`
	FundID    int64     `json:"fund_id"`
	Version   int       `json:"version"`
	Reason    string    `json:"reason"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt string    `json:"created_at"`
	Signoffs  []Signoff `json:"signoffs"`
	// Missing lists the signatures still needed; Locked is true when none
	// is (the plan can be submitted).
	Missing []Required `json:"missing"`
	Locked  bool       `json:"locked"`
}

// Complete fills Missing and Locked from the required signatures.
func (v *PlanVersion) Complete(req []Required) {
	v.Missing = []Required{}
	for _, r := range req {
		found := false
		for _, s := range v.Signoffs {
			if s.OrgID == r.OrgID && s.Role == r.Role && s.VoidedAt == "" {
				found = true
			}
		}
		if !found {
			v.Missing = append(v.Missing, r)
		}
	}
	v.Locked = len(req) > 0 && len(v.Missing) == 0
}

// NotRequiredError refuses a signature the plan does not need.
type NotRequiredError struct {
	OrgID int64
	Role  SignoffRole
}

func (e *NotRequiredError) Error() string {
	return fmt.Sprintf("organisation %d does not sign this plan as %s", e.OrgID, e.Role)
}
