// Reads ["text", ...] on stdin; prints, for each, what sops does with it as the plaintext of a
// `type:float` value: strconv.ParseFloat(text, 64) formatted as sops' MAC and output read it
// (strconv.FormatFloat(f, 'f', -1, 64)), or null when Go returns an error (sops then fails).
package main

import (
	"encoding/json"
	"os"
	"strconv"
)

func main() {
	var texts []string
	if err := json.NewDecoder(os.Stdin).Decode(&texts); err != nil {
		panic(err)
	}
	out := make([]*string, len(texts))
	for i, text := range texts {
		if f, err := strconv.ParseFloat(text, 64); err == nil {
			formatted := strconv.FormatFloat(f, 'f', -1, 64)
			out[i] = &formatted
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
