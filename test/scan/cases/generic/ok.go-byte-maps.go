// Byte maps whose values are no secrets: words, names, ids, public fields, the expected output of
// a template (not a Secret's data), and published examples (Pebble's EAB key, the NATS docs' seed).
package fixtures

var cases = []struct{ data, expectedData map[string][]byte }{{
	data: map[string][]byte{
		"username":   []byte("admin"),
		"password":   []byte("password123"),
		"ca.crt":     []byte("«rnd alnum 40»"),
		"id":         []byte("8214a145-a328-4c56-ab72-2973013e66e7"),
		"fake-key":   []byte("ImAFakeApiKey"),
		"data":       []byte("hello-world-data"),
	},
	expectedData: map[string][]byte{"key": []byte("«rnd alnum 44»")},
}}

var eab = corev1.Secret{Data: map[string][]byte{"key": []byte("zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W")}}
var nats = map[string][]byte{"nkey": []byte("SUAGMJH5XLGZKQQWAWKRZJIGMOU4HPFUYLXJMXOO5NLFEO2OOQJ5LPRDPM")}
