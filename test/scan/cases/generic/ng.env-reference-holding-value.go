package scalers

// A name that says its value names an environment variable, holding a value no variable could be
// called: the secret itself (KEDA's scaler tests).
var testMetadata = []map[string]string{
	{"tenantIdFromEnv": "TENANT_ID", "clientSecretFromEnv": "«rnd alnum 14»~«rnd alnum 12»-«rnd lower 2»"},
	{"passwordFromEnv": "«rnd alnum 10»-«rnd alnum 10»"},
}
