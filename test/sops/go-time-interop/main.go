// Reads ["text", ...] on stdin; prints, for each, what sops does with it as `lastmodified`:
// time.Parse(time.RFC3339, text) formatted back with time.RFC3339, or null when Go refuses it.
package main

import (
	"encoding/json"
	"os"
	"time"
)

func main() {
	var texts []string
	if err := json.NewDecoder(os.Stdin).Decode(&texts); err != nil {
		panic(err)
	}
	out := make([]*string, len(texts))
	for i, text := range texts {
		if t, err := time.Parse(time.RFC3339, text); err == nil {
			formatted := t.Format(time.RFC3339)
			out[i] = &formatted
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
