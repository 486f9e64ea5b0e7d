package frontend

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
)

// Languages the campaign pages speak, in the order the switch shows them.
var pageLanguages = []string{"en", "es"}

const langCookie = "callmatch_lang"

//go:embed i18n/*.json
var i18nFS embed.FS

// messages is one language's string catalog: every string the campaign
// pages show, by key.
type messages struct {
	lang string
	m    map[string]string
}

// loadMessages reads each language's catalog: i18n/<lang>.json and any
// i18n/<part>.<lang>.json beside it, so that each part of the product keeps
// its strings in a file of its own. A key defined twice is an error rather
// than a silent winner.
func loadMessages() (map[string]*messages, error) {
	out := map[string]*messages{}
	for _, lang := range pageLanguages {
		files, err := fs.Glob(i18nFS, "i18n/*."+lang+".json")
		if err != nil {
			return nil, fmt.Errorf("frontend: catalog %s: %w", lang, err)
		}
		m := map[string]string{}
		for _, name := range append([]string{"i18n/" + lang + ".json"}, files...) {
			b, err := i18nFS.ReadFile(name)
			if err != nil {
				return nil, fmt.Errorf("frontend: catalog %s: %w", lang, err)
			}
			part := map[string]string{}
			if err := json.Unmarshal(b, &part); err != nil {
				return nil, fmt.Errorf("frontend: catalog %s: %w", name, err)
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("frontend: catalog %s: key %q is defined twice", name, k)
				}
				m[k] = v
			}
		}
		out[lang] = &messages{lang: lang, m: m}
	}
	return out, nil
}

// T returns the message for key, formatted with args when there are any.
// A missing key shows as the key itself, which a test catches before any
// visitor could.
func (ms *messages) T(key string, args ...any) string {
	s, ok := ms.m[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key is in the catalog.
func (ms *messages) Has(key string) bool {
	_, ok := ms.m[key]
	return ok
}

// language picks the page language: an explicit ?lang= (remembered in a
// cookie for the next pages), else the cookie, else the browser's first
// preference that we speak, else English.
func language(c *gin.Context) string {
	if l := c.Query("lang"); slices.Contains(pageLanguages, l) {
		http.SetCookie(c.Writer, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode})
		return l
	}
	if ck, err := c.Request.Cookie(langCookie); err == nil && slices.Contains(pageLanguages, ck.Value) {
		return ck.Value
	}
	for _, part := range strings.Split(c.GetHeader("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if slices.Contains(pageLanguages, base) {
			return base
		}
	}
	return "en"
}

// LangLink is one entry of the language switch.
type LangLink struct {
	Lang    string
	Label   string
	URL     string
	Current bool
}

// langLinks points the current page at each language. The query is kept
// (the status page's private link lives there); its own lang is replaced.
func langLinks(c *gin.Context, current string) []LangLink {
	labels := map[string]string{"en": "English", "es": "Español"}
	out := make([]LangLink, 0, len(pageLanguages))
	for _, l := range pageLanguages {
		q := url.Values{}
		for k, v := range c.Request.URL.Query() {
			q[k] = v
		}
		q.Set("lang", l)
		out = append(out, LangLink{Lang: l, Label: labels[l], URL: c.Request.URL.Path + "?" + q.Encode(), Current: l == current})
	}
	return out
}
