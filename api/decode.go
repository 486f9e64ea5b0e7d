package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
)

// maxBody is the largest JSON body the API reads.
const maxBody = 1 << 20

// decodeJSON reads exactly one JSON value into dst: bodies over 1 MiB are
// too_large, unknown fields and wrong types are invalid with the field named,
// and syntax errors say where the body broke.
func decodeJSON(c *gin.Context, dst any) error {
	if ct := c.ContentType(); ct != "" && ct != "application/json" {
		return &callmatch.Error{Code: callmatch.EINVALID, Message: "Content-Type must be application/json."}
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return callmatch.Errorf(callmatch.ETOOLARGE, "The body is larger than %d bytes.", maxBody)
		}
		return callmatch.Errorf(callmatch.EINVALID, "The body could not be read.")
	}
	return decodeStrict(body, dst)
}

// decodeStrict is decodeJSON's parsing half, shared with the CLI-like paths.
func decodeStrict(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(body, err)
	}
	if dec.More() {
		return callmatch.Errorf(callmatch.EINVALID, "The body must hold a single JSON value.")
	}
	return nil
}

func jsonError(body []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return callmatch.Errorf(callmatch.EINVALID, "The body is empty; send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return callmatch.Errorf(callmatch.EINVALID, "The JSON ends too early (at byte %d).", len(body))
	case errors.As(err, &syntax):
		line, col := position(body, syntax.Offset)
		return callmatch.Errorf(callmatch.EINVALID, "Malformed JSON at line %d, column %d: %s.", line, col, syntax.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return &callmatch.Error{Code: callmatch.EINVALID, Message: "A field has the wrong type.",
			Fields: map[string]string{field: fmt.Sprintf("must be %s, not %s", jsonType(typ.Type.String()), typ.Value)}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json quotes the key with %q; unquoted, it is the key as
		// the body spelled it, even one holding quotes or backslashes.
		name := strings.TrimPrefix(err.Error(), "json: unknown field ")
		if key, err := strconv.Unquote(name); err == nil {
			name = key
		}
		return &callmatch.Error{Code: callmatch.EINVALID, Message: "The body has a field this endpoint does not take.",
			Fields: map[string]string{name: "unknown field"}}
	default:
		// Custom unmarshalers (dates) explain themselves.
		return &callmatch.Error{Code: callmatch.EINVALID, Message: "The body could not be read: " + err.Error()}
	}
}

func position(body []byte, offset int64) (line, col int) {
	line = 1
	for i := int64(0); i < offset && i < int64(len(body)); i++ {
		col++
		if body[i] == '\n' {
			line++
			col = 0
		}
	}
	return line, col
}

func jsonType(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.Contains(goType, "int"):
		return "an integer"
	case strings.Contains(goType, "float"):
		return "a number"
	case goType == "bool" || goType == "*bool":
		return "true or false"
	case goType == "string" || goType == "*string":
		return "a string"
	default:
		return "an object"
	}
}
