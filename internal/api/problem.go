package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/validation"
)

// problemContentType is the RFC 9457 media type every API error is sent as.
const problemContentType = "application/problem+json"

// fieldProblem builds one errors[] entry. Domain validation names fields as
// the JSON body does (snake_case), so an entry's location is "body.<field>"
// unless the field already says where it lives (query., path., header.).
func fieldProblem(field, message string) *huma.ErrorDetail {
	loc := field
	switch {
	case strings.HasPrefix(field, "query."), strings.HasPrefix(field, "path."),
		strings.HasPrefix(field, "header."), strings.HasPrefix(field, "body"):
	default:
		loc = "body." + field
	}
	return &huma.ErrorDetail{Location: loc, Message: message}
}

// problem returns an RFC 9457 error with optional per-field entries.
func problem(status int, detail string, fields ...*huma.ErrorDetail) huma.StatusError {
	errs := make([]error, len(fields))
	for i, f := range fields {
		errs[i] = f
	}
	return huma.NewError(status, detail, errs...)
}

// statusClientClosedRequest is the status given to a request whose caller
// went away before it was answered (nginx's 499).
const statusClientClosedRequest = 499

// errorMapper turns errors from the store and the domain into problem
// details. It is the one place where those errors get HTTP status codes.
type errorMapper struct {
	notFound func(error) bool
	conflict func(error) bool
	// busy: the database could not take the write in time (store.ErrBusy);
	// the client may retry, so 503 with Retry-After, never 500.
	busy   func(error) bool
	logger *slog.Logger
}

// mapError converts err to a problem. Field errors keep their field names;
// unknown errors become a 500 whose detail says nothing about internals.
func (m errorMapper) mapError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var se huma.StatusError
	if errors.As(err, &se) {
		return se
	}
	if v, ok := validation.As(err); ok {
		fields := make([]*huma.ErrorDetail, len(v.Fields))
		for i, f := range v.Fields {
			fields[i] = fieldProblem(f.Field, f.Message)
		}
		return problem(http.StatusUnprocessableEntity, "validation failed", fields...)
	}
	if m.notFound != nil && m.notFound(err) {
		return problem(http.StatusNotFound, "not found")
	}
	if m.conflict != nil && m.conflict(err) {
		// The error's text names store internals; the caller gets the status.
		return problem(http.StatusConflict, "conflicts with an existing record")
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		// The caller disconnected, so the store gave up: the caller's doing,
		// not a server error. Nobody reads the answer.
		if m.logger != nil {
			m.logger.InfoContext(ctx, "api: request abandoned by the client", "err", err)
		}
		return problem(statusClientClosedRequest, "client closed request")
	}
	if m.busy != nil && m.busy(err) {
		if m.logger != nil {
			m.logger.WarnContext(ctx, "api: database busy", "err", err)
		}
		return huma.ErrorWithHeaders(problem(http.StatusServiceUnavailable, "the database is busy; nothing was changed, try again in a few seconds"),
			http.Header{"Retry-After": []string{"2"}})
	}
	if m.logger != nil {
		m.logger.ErrorContext(ctx, "api: internal error", "err", err)
	}
	return problem(http.StatusInternalServerError, "internal error")
}

// writeProblem writes a problem directly, for responses produced outside huma
// operations (unknown paths, wrong methods, recovered panics).
func writeProblem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", problemContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(&huma.ErrorModel{
		Type:   "about:blank",
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
	})
}

var installErrorHook sync.Once

// useFieldLocations makes huma's own validation errors name the field the
// way domain errors do. huma reports a missing property at its parent
// ("body", message "expected required property name to be present"); we
// move it to "body.name". Echoed values longer than a short snippet are
// dropped so an overlong input is not sent straight back. huma only offers
// this hook as a package variable, so it is set once.
func useFieldLocations() {
	installErrorHook.Do(func() {
		huma.NewErrorWithContext = func(_ huma.Context, status int, msg string, errs ...error) huma.StatusError {
			se := huma.NewError(status, msg, errs...)
			if em, ok := se.(*huma.ErrorModel); ok {
				em.Errors = tidyDetails(em.Errors)
				if len(em.Errors) == 0 && strings.Contains(msg, "body") {
					// e.g. "request body is required": name the body itself.
					em.Errors = []*huma.ErrorDetail{{Location: "body", Message: msg}}
				}
				if em.Type == "" {
					em.Type = "about:blank"
				}
			}
			return se
		}
	})
}

const (
	requiredPrefix = "expected required property "
	requiredSuffix = " to be present"
	maxEchoedValue = 200
)

// unmarshalTypeError matches encoding/json's type errors, which huma passes
// on when a value validates as a JSON number but does not fit the Go field
// (1e30 or 1.5 for an int64).
var unmarshalTypeError = regexp.MustCompile(`^json: cannot unmarshal (.+) into Go struct field [A-Za-z0-9_]+\.(\S+) of type (\S+)$`)

func goTypeWords(t string) string {
	switch strings.TrimLeft(t, "*[]") {
	case "int", "int64", "int32":
		return "a whole number that fits in 64 bits"
	case "bool":
		return "true or false"
	case "string":
		return "text"
	case "float64":
		return "a number"
	}
	return "a value of another type"
}

func tidyDetails(in []*huma.ErrorDetail) []*huma.ErrorDetail {
	out := in[:0]
	for _, d := range in {
		if d == nil {
			continue
		}
		if name, ok := strings.CutPrefix(d.Message, requiredPrefix); ok && strings.HasSuffix(name, requiredSuffix) {
			name = strings.TrimSuffix(name, requiredSuffix)
			if d.Location == "" {
				d.Location = "body"
			}
			d.Location += "." + name
			d.Value = nil
		}
		if m := unmarshalTypeError.FindStringSubmatch(d.Message); m != nil && d.Location == "body" {
			// Go's decoder names its own struct; say it in the API's terms.
			d.Location = "body." + m[2]
			d.Message = "expected " + goTypeWords(m[3]) + ", got " + m[1]
			d.Value = nil
		}
		switch v := d.Value.(type) {
		case string:
			if len(v) > maxEchoedValue {
				d.Value = nil
			}
		case map[string]any, []any:
			d.Value = nil
		}
		out = append(out, d)
	}
	return out
}
