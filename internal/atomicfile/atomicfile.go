// Package atomicfile writes small files so that a crash at any moment
// leaves either the old content or the new, never a torn file. dualchain
// keeps its crash-critical bookkeeping (data dir marker, deployed contract
// addresses) this way.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces path with data through a synced temporary file in the
// same directory, a rename, and a sync of the directory.
func Write(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
