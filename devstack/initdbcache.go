package devstack

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// initdbCacheName names the cached cluster; change it when the initdb
// arguments change.
const initdbCacheName = "pg15-initdb-trust-utf8-c-v1"

// initdbCached fills data with a copy of the cached pristine cluster. The
// first time, it runs initdb into data and keeps a copy before the server
// ever starts. Without a usable cache it is a plain initdb.
func (pg *Postgres) initdbCached(ctx context.Context, data string) error {
	base, err := os.UserCacheDir()
	if err != nil {
		return pg.initdb(ctx, data)
	}
	cached := filepath.Join(base, "callmatch", initdbCacheName)
	if _, err := os.Stat(filepath.Join(cached, "PG_VERSION")); err == nil {
		if err := copyTree(cached, data, pg.cred); err != nil {
			return fmt.Errorf("copy cached cluster %s: %w", cached, err)
		}
		return nil
	}
	if err := pg.initdb(ctx, data); err != nil {
		return err
	}
	// Copy to a private name, then rename: a concurrent test binary either
	// sees the whole cluster or none, and the loser of a race drops its copy.
	err = os.MkdirAll(filepath.Dir(cached), 0o700)
	var tmp string
	if err == nil {
		tmp, err = os.MkdirTemp(filepath.Dir(cached), initdbCacheName+".tmp-")
	}
	if err == nil {
		err = copyTree(data, tmp, nil)
		if err == nil {
			err = os.Rename(tmp, cached)
		}
		os.RemoveAll(tmp)
	}
	if err != nil && !os.IsExist(err) {
		pg.logger.Warn("could not cache the initdb result", "dir", cached, "err", err)
	}
	return nil
}

// copyTree copies the directories and regular files below src to dst with
// their modes, owned by cred's user (ours if nil).
func copyTree(src, dst string, cred *syscall.Credential) error {
	chown := func(path string) error {
		if cred == nil {
			return nil
		}
		return os.Lchown(path, int(cred.Uid), int(cred.Gid))
	}
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			if err := os.MkdirAll(target, 0o700); err != nil {
				return err
			}
			if err := os.Chmod(target, info.Mode().Perm()); err != nil {
				return err
			}
		case info.Mode().IsRegular():
			if err := copyFile(path, target, info.Mode().Perm()); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: not a regular file or directory", path)
		}
		return chown(target)
	})
}

func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
