// Reads [{"pattern":..., "input":...}] on stdin; prints, for each, whether Go's regexp compiles the
// pattern and whether regexp.MatchString matches (what sops does with path_regex and encrypted_regex).
package main

import (
	"encoding/json"
	"os"
	"regexp"
)

type testCase struct {
	Pattern string `json:"pattern"`
	Input   string `json:"input"`
}

type result struct {
	Compiles bool `json:"compiles"`
	Matches  bool `json:"matches"`
}

func main() {
	var cases []testCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := make([]result, len(cases))
	for i, c := range cases {
		re, err := regexp.Compile(c.Pattern)
		if err == nil {
			out[i] = result{Compiles: true, Matches: re.MatchString(c.Input)}
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
