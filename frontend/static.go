package frontend

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// static holds the stylesheet, the page script and htmx. htmx.min.js is a
// committed copy of node_modules/htmx.org/dist/htmx.min.js (pinned in
// package.json): a fresh clone builds and vets without npm, and `make deps`
// checks that the copy still matches the pinned package.
//
//go:embed static
var staticFS embed.FS

// staticHashes are content hashes of the assets. Links carry them as ?v=,
// so browsers may cache an asset for a year and still never see a stale one.
var staticHashes = func() map[string]string {
	out := map[string]string{}
	_ = fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:6])
		return nil
	})
	return out
}()

// staticURL is the versioned address of an asset.
func staticURL(name string) string {
	return "/static/" + name + "?v=" + staticHashes[name]
}

func serveStatic(c *gin.Context) {
	name := strings.TrimPrefix(path.Clean(c.Param("file")), "/")
	b, err := staticFS.ReadFile("static/" + name)
	if err != nil || name == "" {
		c.Status(http.StatusNotFound)
		return
	}
	if v := c.Query("v"); v != "" && v == staticHashes[name] {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "no-cache")
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.Data(http.StatusOK, ct, b)
}
