// Values published in RFCs and API docs, and digests of the empty input, used as stand-in tokens.
package fixtures

const tokenPayload = `{
	"access_token":"2YotnFZFEjr1zCsicMWpAA",
	"refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA",
	"client_secret":"7Fjfp0ZBr1KtDRbnfVdmIw",
	"temp_clone_token":"ABTLWHOULUVAXGTRYU7OC2876QJ2O"
}`

var user = User{AccessToken: "e3b0c44298fc1c149afbf4c8996fb", RefreshToken: "d41d8cd98f00b204e9800998ecf8427e"}
