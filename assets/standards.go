package assets

import "embed"

// Standards holds the national code lists of city-management components and events
// (standards/*.csv, see standards/README.md) that cases are checked against.
//
//go:embed standards/*.csv
var Standards embed.FS
