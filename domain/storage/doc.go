// Package storage keeps CityLedger's registers in SQL through GORM: SQLite (embedded,
// the default) or PostgreSQL (a shared server), with the same versioned migrations.
// Rows are mapped to domain types here; errors are translated to domain errors.
package storage
