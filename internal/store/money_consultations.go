package store

import (
	"context"

	"github.com/placeboard/placeboard/internal/money"
)

// MoneyConsultationStatus tells Money whether a Voice consultation has
// closed (money.Consultations): closed once it is published and its
// closing day (inclusive) has passed by the store's clock. An unknown ID
// is ErrNotFound.
func (s *Store) MoneyConsultationStatus(ctx context.Context, id int64) (_ money.ConsultationStatus, err error) {
	defer wrapOp(&err, "money consultation status")
	c, err := s.Consultation(ctx, id)
	if err != nil {
		return money.ConsultationStatus{}, err
	}
	return money.ConsultationStatus{ID: c.ID, Title: c.Title, Closed: c.ClosedOn(s.VoiceToday())}, nil
}

var _ money.Consultations = (*Store)(nil)
