// Package audit is rutinkoll's pure core: the canonical model of cases and dated events,
// the Swedish deadline calendar, the deadline language of the routines, and the verdict
// engine that judges every case against every rule as of a brytdatum.
//
// The package reads no files and imports no file-format library; importers build
// Datasets, the routinefile package builds Routines, and reports render Results.
package audit
