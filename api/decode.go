package api

import (
	"github.com/gin-gonic/gin"

	"callmatch"
)

// maxBody is the largest JSON body the API reads.
const maxBody = 1 << 20

// decodeJSON reads the request body into dst with the one strict decoder
// (callmatch.DecodeJSON): bodies over 1 MiB are too_large; unknown
// fields, wrong types and bad values name the field's full path, line and
// column; malformed JSON says where it broke.
func decodeJSON(c *gin.Context, dst any) error {
	if ct := c.ContentType(); ct != "" && ct != "application/json" {
		return &callmatch.Error{Code: callmatch.EINVALID, Message: "Content-Type must be application/json."}
	}
	return callmatch.DecodeJSON(c.Request.Body, maxBody, dst)
}
