// Reads {"kind": "float"|"time", "texts": ["text", ...]} on stdin; prints, for each text, what sops
// does with it, or null when Go refuses it (sops then fails):
//   - float: the plaintext of a `type:float` value, strconv.ParseFloat(text, 64) formatted as sops'
//     MAC and output read it (strconv.FormatFloat(f, 'f', -1, 64));
//   - time: `lastmodified`, time.Parse(time.RFC3339, text) formatted back with time.RFC3339.
//   - yaml-time: a plain YAML scalar as go-yaml v3 (sops' YAML library) types it: null when not a
//     timestamp, else [MarshalText (the encrypted bytes and YAML/JSON output; null when Go 1.20+
//     refuses it, so sops cannot encrypt it), Format(time.RFC3339) (dotenv and INI output)].
//   - float-g: stores.ValToString of ParseFloat(text): a float in sops' dotenv and INI output.
//   - decrypt-time: the plaintext of a `type:time` value as sops decrypts it: Time.UnmarshalText
//     (time.Parse(time.RFC3339, text) with Go 1.20+'s zone range), null when sops fails, else
//     [MarshalText (the MAC, YAML and JSON output), Format(time.RFC3339) (dotenv and INI output)].
package main

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"time"
)

// go-yaml v3.0.4 resolve.go: allowedTimestampFormats and parseTimestamp, as sops 3.13 links them.
var allowedTimestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

func goYamlTimestamp(s string) (time.Time, bool) {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c < '0' || c > '9' {
			break
		}
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return time.Time{}, false
	}
	for _, format := range allowedTimestampFormats {
		if t, err := time.Parse(format, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// time.Time.MarshalText as of Go 1.20 (appendStrictRFC3339; sops 3.13 is built with Go 1.25): a
// zone offset of 24 hours or more is refused. Go 1.19 (Debian's) formats it, so check it here.
func marshalText(t time.Time) (string, bool) {
	b, err := t.MarshalText()
	if err != nil {
		return "", false
	}
	if b[len(b)-1] != 'Z' {
		c := b[len(b)-len("Z07:00")]
		num2 := 10*(b[len(b)-5]-'0') + (b[len(b)-4] - '0')
		if ('0' <= c && c <= '9') || num2 >= 24 {
			return "", false
		}
	}
	return string(b), true
}

// sops stores/stores.go ValToString for a float64.
func valToString(v float64) string {
	result := strconv.FormatFloat(v, 'G', -1, 64)
	if !strings.ContainsRune(result, '.') && !strings.ContainsRune(result, 'E') {
		result = strconv.FormatFloat(v, 'f', 1, 64)
	}
	return result
}

func asYamlTime(text string) interface{} {
	t, ok := goYamlTimestamp(text)
	if !ok {
		return nil
	}
	var marshaled interface{}
	if m, ok := marshalText(t); ok {
		marshaled = m
	}
	return []interface{}{marshaled, t.Format(time.RFC3339)}
}

// Go 1.20+ time.Parse refuses a zone offset past 24 hours or 60 minutes; Go 1.19 (Debian's) takes any.
func zoneInRange(text string) bool {
	n := len(text)
	if n < 6 || (text[n-6] != '+' && text[n-6] != '-') {
		return true
	}
	hr, _ := strconv.Atoi(text[n-5 : n-3])
	mm, _ := strconv.Atoi(text[n-2:])
	return hr <= 24 && mm <= 60
}

func asDecryptedTime(text string) interface{} {
	var t time.Time
	if err := t.UnmarshalText([]byte(text)); err != nil || !zoneInRange(text) {
		return nil
	}
	m, ok := marshalText(t)
	if !ok {
		return nil
	}
	return []interface{}{m, t.Format(time.RFC3339)}
}

func asSops(kind, text string) (string, bool) {
	switch kind {
	case "float":
		f, err := strconv.ParseFloat(text, 64)
		return strconv.FormatFloat(f, 'f', -1, 64), err == nil
	case "time":
		t, err := time.Parse(time.RFC3339, text)
		return t.Format(time.RFC3339), err == nil
	}
	panic("unknown kind " + kind)
}

func main() {
	var input struct {
		Kind  string   `json:"kind"`
		Texts []string `json:"texts"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&input); err != nil {
		panic(err)
	}
	out := make([]interface{}, len(input.Texts))
	for i, text := range input.Texts {
		if input.Kind == "yaml-time" {
			out[i] = asYamlTime(text)
		} else if input.Kind == "decrypt-time" {
			out[i] = asDecryptedTime(text)
		} else if input.Kind == "float-g" {
			f, err := strconv.ParseFloat(text, 64)
			if err == nil {
				out[i] = valToString(f)
			}
		} else if formatted, ok := asSops(input.Kind, text); ok {
			out[i] = formatted
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
