package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/dualchain/dualchain/internal/atomicfile"
)

// markerName is the file that makes a directory a dualchain data dir. A
// non-empty directory without it is refused, so a typo in --data-dir cannot
// scatter chain databases into someone's home or project folder.
const markerName = "dualchain.json"

// dataDirFormat is the layout version; bump it when the layout changes
// incompatibly and teach openDataDir to migrate or refuse.
const dataDirFormat = 1

type dataDirMarker struct {
	Format  string    `json:"format"`
	Version int       `json:"version"`
	Created time.Time `json:"created"`
}

// defaultDataDir is ~/.dualchain, like geth's ~/.ethereum.
func defaultDataDir() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ".dualchain"
	}
	return filepath.Join(home, ".dualchain")
}

// openDataDir makes sure dir is a usable dualchain data dir: it creates a
// missing or empty one, accepts one with a valid marker, and refuses
// anything else with an error that says what to do.
func openDataDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("cannot create data dir %s: %v; choose another --data-dir", dir, err)
		}
		return writeMarker(dir)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("cannot read data dir %s: permission denied; fix its permissions or choose another --data-dir", dir)
	case err != nil:
		return fmt.Errorf("cannot read data dir %s: %v; choose another --data-dir", dir, err)
	case len(entries) == 0:
		return writeMarker(dir)
	}
	raw, err := os.ReadFile(filepath.Join(dir, markerName))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s is not a dualchain data dir (it has files but no %s); pass an empty or new --data-dir", dir, markerName)
	}
	if err != nil {
		return fmt.Errorf("cannot read %s: %v; fix its permissions or choose another --data-dir", filepath.Join(dir, markerName), err)
	}
	var m dataDirMarker
	if err := json.Unmarshal(raw, &m); err != nil || m.Format != "dualchain-datadir" {
		return fmt.Errorf("%s is not a dualchain data dir (%s is not ours); pass an empty or new --data-dir", dir, markerName)
	}
	if m.Version != dataDirFormat {
		return fmt.Errorf("data dir %s has layout version %d, this dualchain reads version %d; use a matching dualchain or a new --data-dir", dir, m.Version, dataDirFormat)
	}
	// Fail early, with a clear message, on a directory we may read but not write.
	probe := filepath.Join(dir, ".write-test")
	if err := os.WriteFile(probe, nil, 0o600); err != nil {
		return fmt.Errorf("data dir %s is not writable: %v; fix its permissions or choose another --data-dir", dir, err)
	}
	os.Remove(probe)
	return nil
}

func writeMarker(dir string) error {
	raw, _ := json.MarshalIndent(dataDirMarker{Format: "dualchain-datadir", Version: dataDirFormat, Created: time.Now().UTC()}, "", "  ")
	if err := atomicfile.Write(filepath.Join(dir, markerName), append(raw, '\n')); err != nil {
		return fmt.Errorf("data dir %s is not writable: %v; fix its permissions or choose another --data-dir", dir, err)
	}
	return nil
}
