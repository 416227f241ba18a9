package addon

// Demo values that say what they stand for: a credential word as a word of the value, leet-speak
// read as letters.
const (
	infisicalAdminPassword = "E2eAdminPassw0rd!23"
	apiToken               = "MyS3cret#Token2024"
	clientSecret           = "prodSecretValue_01"
)
