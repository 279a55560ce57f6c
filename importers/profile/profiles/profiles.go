// Package profiles holds rutinkoll's built-in import profiles, one YAML file each,
// embedded in the binary. The profile package parses them; docs/profiles.md documents
// them. A municipality whose export differs copies one (rutinkoll profiles show NAME)
// and adapts the copy.
package profiles

import "embed"

// FS holds the built-in profiles as NAME.yaml.
//
//go:embed *.yaml
var FS embed.FS
