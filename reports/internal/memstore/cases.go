package memstore

import (
	"context"
	"time"

	"cityledger/domain"
)

// AddCase adds a case.
func (s *Store) AddCase(c domain.Case) int64 {
	c.ID = s.id()
	if c.Status == "" {
		c.Status = c.DerivedStatus()
	}
	s.Cases = append(s.Cases, c)
	return c.ID
}

// CaseGroups groups the year's cases the way the SQL store does, as of now. The
// memory store keeps no cut-off: its years' figures always follow the cases.
func (s *Store) CaseGroups(_ context.Context, year int, now time.Time) (*domain.CaseGroups, error) {
	return &domain.CaseGroups{Year: year, AsOf: now, Groups: domain.GroupCases(s.Cases, year, now)}, nil
}

func (s *Store) GetCase(context.Context, int64) (*domain.Case, error) { return nil, errUnsupported }
func (s *Store) GetCaseByNo(context.Context, string) (*domain.Case, error) {
	return nil, errUnsupported
}
func (s *Store) FindCases(context.Context, domain.CaseFilter) ([]domain.Case, error) {
	return nil, errUnsupported
}
func (s *Store) CountCases(context.Context, domain.CaseFilter) (int64, error) {
	return 0, errUnsupported
}
func (s *Store) SaveCase(context.Context, *domain.Case) error   { return errUnsupported }
func (s *Store) DeleteCase(context.Context, int64, int64) error { return errUnsupported }
func (s *Store) ProposeCaseLinks(context.Context, int, func(int, int)) ([]domain.CaseLinkProposal, error) {
	return nil, errUnsupported
}
func (s *Store) LinkCases(context.Context, []domain.CaseLink) (int, error) { return 0, errUnsupported }
