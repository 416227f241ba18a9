// A random secret in a block of assignments aligned by gofmt.
package fixtures

const (
	tenantID                    = "tenant"
	clientSecret                = "«rnd alnum 32»"
	workspaceID                 = "workspace"
)
