// Reads [{"payload": "...", "property": "..."}] on stdin and prints, for each case, what ESO's AWS
// Secrets Manager provider returns for remoteRef.property: the real github.com/tidwall/gjson, with the
// literal-first lookup ESO v2.9.0 performs (providers/v1/aws/secretsmanager, escapeDotsIfRequired),
// and the plain gjson.Get older ESO releases use.
package main

import (
	"encoding/json"
	"os"
	"strings"

	"github.com/tidwall/gjson"
)

type lookupCase struct {
	Payload  string `json:"payload"`
	Property string `json:"property"`
}

type lookupResult struct {
	Exists    bool   `json:"exists"`
	Value     string `json:"value"`
	OldExists bool   `json:"oldExists"`
	OldValue  string `json:"oldValue"`
}

func main() {
	var cases []lookupCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	results := make([]lookupResult, 0, len(cases))
	for _, c := range cases {
		path := c.Property
		// ESO v2.9.0: try the property with every dot escaped first, fall back to the raw path.
		if strings.Contains(path, ".") {
			escaped := strings.ReplaceAll(path, ".", "\\.")
			if gjson.Get(c.Payload, escaped).Exists() {
				path = escaped
			}
		}
		v := gjson.Get(c.Payload, path)
		old := gjson.Get(c.Payload, c.Property)
		results = append(results, lookupResult{
			Exists: v.Exists(), Value: v.String(), OldExists: old.Exists(), OldValue: old.String(),
		})
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		panic(err)
	}
}
