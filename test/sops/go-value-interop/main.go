// Reads {"kind": "float"|"time", "texts": ["text", ...]} on stdin; prints, for each text, what sops
// does with it, or null when Go refuses it (sops then fails):
//   - float: the plaintext of a `type:float` value, strconv.ParseFloat(text, 64) formatted as sops'
//     MAC and output read it (strconv.FormatFloat(f, 'f', -1, 64));
//   - time: `lastmodified`, time.Parse(time.RFC3339, text) formatted back with time.RFC3339.
package main

import (
	"encoding/json"
	"os"
	"strconv"
	"time"
)

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
	out := make([]*string, len(input.Texts))
	for i, text := range input.Texts {
		if formatted, ok := asSops(input.Kind, text); ok {
			out[i] = &formatted
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
