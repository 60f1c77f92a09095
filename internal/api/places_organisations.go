package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
)

// OrganisationInput is the body of create and update.
type OrganisationInput struct {
	Name          string   `json:"name" minLength:"1" maxLength:"200" example:"Hartlepool Borough Council"`
	Kind          string   `json:"kind" enum:"icb,ccg,nhs_trust,gp_practice,council_upper,council_lower,school,police,fire_rescue,voluntary,housing,private"`
	ODSCode       string   `json:"ods_code,omitempty" maxLength:"10" example:"RVW" doc:"NHS ODS code."`
	ONSCode       string   `json:"ons_code,omitempty" maxLength:"9" example:"E06000001" doc:"ONS code (councils)."`
	SchoolURN     string   `json:"school_urn,omitempty" maxLength:"7" doc:"School unique reference number."`
	CharityNumber string   `json:"charity_number,omitempty" maxLength:"11" doc:"Registered charity number."`
	AreaCodes     []string `json:"area_codes,omitempty" maxItems:"500" doc:"ONS codes of the areas the organisation serves."`
}

func (in OrganisationInput) organisation(id int64) places.Organisation {
	o := places.Organisation{ID: id, Name: in.Name, Kind: places.OrgKind(in.Kind), ODSCode: in.ODSCode,
		ONSCode: in.ONSCode, SchoolURN: in.SchoolURN, CharityNumber: in.CharityNumber,
		AreaCodes: append([]string(nil), in.AreaCodes...)}
	o.Normalize()
	return o
}

// Organisation is an organisation as the API returns it.
type Organisation struct {
	ID            int64    `json:"id"`
	Name          string   `json:"name"`
	Kind          string   `json:"kind" enum:"icb,ccg,nhs_trust,gp_practice,council_upper,council_lower,school,police,fire_rescue,voluntary,housing,private"`
	Sector        string   `json:"sector" enum:"nhs,local_government,other"`
	ODSCode       string   `json:"ods_code,omitempty"`
	ONSCode       string   `json:"ons_code,omitempty"`
	SchoolURN     string   `json:"school_urn,omitempty"`
	CharityNumber string   `json:"charity_number,omitempty"`
	AreaCodes     []string `json:"area_codes"`
}

func organisationOut(o places.Organisation) Organisation {
	out := Organisation{ID: o.ID, Name: o.Name, Kind: string(o.Kind), Sector: string(places.SectorOf(o.Kind)),
		ODSCode: o.ODSCode, ONSCode: o.ONSCode, SchoolURN: o.SchoolURN, CharityNumber: o.CharityNumber,
		AreaCodes: o.AreaCodes}
	if out.AreaCodes == nil {
		out.AreaCodes = []string{}
	}
	return out
}

type listOrganisationsInput struct {
	Kind   string `query:"kind" enum:"icb,ccg,nhs_trust,gp_practice,council_upper,council_lower,school,police,fire_rescue,voluntary,housing,private"`
	Sector string `query:"sector" enum:"nhs,local_government,other" doc:"Only organisations of this sector."`
	Area   string `query:"area" maxLength:"9" doc:"Only organisations serving the area with this ONS code."`
	Q      string `query:"q" maxLength:"100" doc:"Part of the name, or an exact ODS, ONS, URN or charity number."`
	PageParams
}

type OrgPath struct {
	ID int64 `path:"id" minimum:"1" doc:"The organisation's ID."`
}

type orgOutput struct{ Body Organisation }

type createOrgInput struct {
	Body OrganisationInput
}

type updateOrgInput struct {
	OrgPath
	Body OrganisationInput
}

// ImportReport says what an import did, or, on failure, every bad row.
type ImportReport struct {
	Imported int `json:"imported" doc:"Organisations stored."`
}

type importInput struct {
	RawBody []byte `contentType:"text/csv" doc:"CSV with a header row: name,kind,ods_code,ons_code,school_urn,charity_number,area_codes (area codes separated by spaces or semicolons). Only name and kind are required columns."`
}

type importOutput struct {
	Body ImportReport
}

// registerOrganisations lists the operations on the organisation register.
func (a *API) registerOrganisations() {
	tags := []string{"organisations"}
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "list-organisations", Method: http.MethodGet, Path: "/organisations",
		Summary: "List organisations in the register", Tags: tags,
	}, a.listOrganisations)
	huma.Register(a.huma, huma.Operation{
		Errors:      readErrors,
		OperationID: "get-organisation", Method: http.MethodGet, Path: "/organisations/{id}",
		Summary: "Get an organisation", Tags: tags,
	}, a.getOrganisation)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "create-organisation", Middlewares: a.guard(auth.ManageOrganisations, ""), Method: http.MethodPost, Path: "/organisations",
		Summary: "Add an organisation to the register", Tags: tags,
		DefaultStatus: http.StatusCreated, Security: needsSession,
		Description: "Global administrators only.",
	}, a.createOrganisation)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "update-organisation", Middlewares: a.guard(auth.ManageOrganisations, ""), Method: http.MethodPut, Path: "/organisations/{id}",
		Summary: "Replace an organisation's details", Tags: tags,
		Security: needsSession, Description: "Global administrators only.",
	}, a.updateOrganisation)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "import-organisations", Middlewares: a.guard(auth.ManageOrganisations, ""), Method: http.MethodPost, Path: "/organisations/import",
		Summary: "Import organisations from CSV, all or nothing", Tags: tags,
		Security: needsSession, MaxBodyBytes: 10 << 20,
		Description: "Global administrators only. Every row is checked; if any row is bad nothing is stored and " +
			"the 422 problem lists each bad cell with location body[row].column, e.g. body[3].ods_code for row 3 " +
			"(row 1 is the header).",
	}, a.importOrganisations)
}

func (a *API) listOrganisations(ctx context.Context, in *listOrganisationsInput) (*ListOutput[Organisation], error) {
	p := in.PageParams.normalised()
	area, err := a.knownArea(ctx, in.Area, "query.area")
	if err != nil {
		return nil, err
	}
	f := store.OrgFilter{Kind: places.OrgKind(in.Kind), AreaCode: area, Query: strings.TrimSpace(in.Q)}
	if in.Sector != "" {
		// The store filters by kind; a sector is a set of kinds, so the
		// register is filtered here. It is small (thousands at most).
		f.Page = store.Page{Limit: store.MaxLimit}
		var all []places.Organisation
		for {
			batch, total, err := a.deps.Store.ListOrganisations(ctx, f)
			if err != nil {
				return nil, a.errs.mapError(ctx, err)
			}
			for _, o := range batch {
				if string(places.SectorOf(o.Kind)) == in.Sector {
					all = append(all, o)
				}
			}
			f.Offset += len(batch)
			if len(batch) == 0 || f.Offset >= total {
				break
			}
		}
		return newList(ctx, p, orgsOut(pageOf(all, p)), len(all)), nil
	}
	f.Page = store.Page{Limit: p.PerPage, Offset: p.offset()}
	orgs, total, err := a.deps.Store.ListOrganisations(ctx, f)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return newList(ctx, p, orgsOut(orgs), total), nil
}

func (a *API) getOrganisation(ctx context.Context, in *OrgPath) (*orgOutput, error) {
	o, err := a.deps.Store.GetOrganisation(ctx, in.ID)
	if err != nil {
		return nil, a.notFoundAs(ctx, err, "path.id", fmt.Sprintf("no organisation has the ID %d", in.ID))
	}
	return &orgOutput{Body: organisationOut(o)}, nil
}

func (a *API) createOrganisation(ctx context.Context, in *createOrgInput) (*orgOutput, error) {
	who, err := a.require(ctx, auth.ManageOrganisations, 0)
	if err != nil {
		return nil, err
	}
	o := in.Body.organisation(0)
	if err := o.Validate().Err(); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	saved, err := a.deps.Store.CreateOrganisation(ctx, who.Actor(), o)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &orgOutput{Body: organisationOut(saved)}, nil
}

func (a *API) updateOrganisation(ctx context.Context, in *updateOrgInput) (*orgOutput, error) {
	who, err := a.require(ctx, auth.ManageOrganisations, 0)
	if err != nil {
		return nil, err
	}
	o := in.Body.organisation(in.ID)
	if err := o.Validate().Err(); err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	saved, err := a.deps.Store.UpdateOrganisation(ctx, who.Actor(), o)
	if err != nil {
		return nil, a.notFoundAs(ctx, err, "path.id", fmt.Sprintf("no organisation has the ID %d", in.ID))
	}
	return &orgOutput{Body: organisationOut(saved)}, nil
}

func (a *API) importOrganisations(ctx context.Context, in *importInput) (*importOutput, error) {
	who, err := a.require(ctx, auth.ManageOrganisations, 0)
	if err != nil {
		return nil, err
	}
	rows, problems := places.ParseOrganisationCSV(bytes.NewReader(in.RawBody))
	if len(problems) > 0 {
		return nil, a.errs.mapError(ctx, orgCSVError(problems))
	}
	n, err := a.deps.Store.ImportOrganisations(ctx, who.Actor(), rows)
	if err != nil {
		return nil, a.errs.mapError(ctx, csvLocations(err))
	}
	return &importOutput{Body: ImportReport{Imported: n}}, nil
}

func orgsOut(os []places.Organisation) []Organisation {
	out := make([]Organisation, len(os))
	for i, o := range os {
		out[i] = organisationOut(o)
	}
	return out
}

// orgCSVError names each problem in an import file as a location: body for
// the whole file, body[1][3] for the header's third cell, body[3] for row 3
// and body[3].ods_code for one cell (row 1 is the header).
func orgCSVError(problems []places.OrgCSVProblem) error {
	var errs validation.Errors
	for _, p := range problems {
		var at string
		switch {
		case p.WholeFile:
			at = "body"
		case p.HeaderCell > 0:
			at = fmt.Sprintf("body[%d][%d]", p.Row, p.HeaderCell)
		case p.Row > 1 && p.Column != "":
			at = fmt.Sprintf("body[%d].%s", p.Row, p.Column)
		default:
			at = fmt.Sprintf("body[%d]", p.Row)
		}
		errs.Add(at, p.Message)
	}
	return errs.Err()
}

// csvLocations turns the store's row-level field errors (field "ods_code",
// message "Row 3: ...") into locations naming row and column:
// body[3].ods_code.
func csvLocations(err error) error {
	v, ok := validation.As(err)
	if !ok {
		return err
	}
	var out validation.Errors
	for _, f := range v.Fields {
		field := f.Field
		if !strings.HasPrefix(field, "body") {
			row := ""
			if f.Row > 0 {
				row = "[" + strconv.Itoa(f.Row) + "]"
			}
			field = "body" + row + "." + field
		}
		out.AddRow(f.Row, field, f.Message)
	}
	return out.Err()
}
