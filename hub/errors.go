// Package hub holds what every part of the running hub shares: the one error type whose codes the
// HTTP layer maps to status codes and RFC 9457 problem details.
package hub

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in hub/http; nothing else should switch on them.
const (
	EInvalid       = "invalid"        // the request or document is malformed (400)
	EUnprocessable = "unprocessable"  // well-formed but breaks the model's rules (422)
	ENotFound      = "not_found"      // no such resource (404)
	EConflict      = "conflict"       // the resource exists or changed meanwhile (409)
	EUnauthorized  = "unauthorized"   // no or bad credentials (401)
	EForbidden     = "forbidden"      // credentials lack the right (403)
	ENotAcceptable = "not_acceptable" // no representation matches Accept (406)
	EUnsupported   = "unsupported"    // request body media type not understood (415)
	ETooLarge      = "too_large"      // request body or batch over the limit (413)
	EInternal      = "internal"       // a fault of ours; detail goes to the log only (500)
)

// FieldError names one offending field of a document by its JSON Pointer.
type FieldError struct {
	Pointer string `json:"pointer"` // RFC 6901 pointer into the submitted document, "" for the root
	Detail  string `json:"detail"`
}

// Error is the hub's error. Message is safe to show to the client; Err (if any) is internal detail
// for the log and is never rendered.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	Err     error
	// Report is a validation report (a JSON-LD object) rendered as the problem document's
	// "report" member, for SHACL violations (hub/shacl); nil for other errors.
	Report any
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a client-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EInternal for errors that are not *Error, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EInternal
	}
}

// ErrorMessage returns the client-safe message of err; internal errors get a generic text.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
