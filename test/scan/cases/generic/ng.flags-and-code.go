// A random secret in the same places.
package set

var args = []string{"test-secret", "«rnd alnum 24»"}
var js = map[string]string{"password": "«rnd alnum 20»"}
var dash = Config{Password: "-«rnd alnum 31»"}
