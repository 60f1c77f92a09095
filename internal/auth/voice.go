package auth

// Voice actions (issue 13), per partnership. They are added to the role
// table here, beside the module, so roles.go stays one table per module.
const (
	// ManageConsultations: create and change engagement processes and
	// consultations, tag answers with themes, record "you said, we did".
	ManageConsultations Action = "manage_consultations"
	// AnalyseConsultations: see a consultation's analysis (cross-tabs,
	// themes, exports without personal data) before it closes.
	AnalyseConsultations Action = "analyse_consultations"
	// ViewRespondents: see who responded (names, e-mail addresses,
	// postcodes) in the responses and their exports.
	ViewRespondents Action = "view_respondents"
)

func init() {
	allowed[ManageConsultations] = []Role{RoleAdministrator, RoleOfficer}
	allowed[AnalyseConsultations] = []Role{RoleAdministrator, RoleOfficer, RoleAnalyst, RoleBoardMember}
	allowed[ViewRespondents] = []Role{RoleAdministrator, RoleOfficer}
}
