package scalers

// Names of environment variables under names that say so: references, not secrets.
var testMetadata = []map[string]string{
	{"clientSecretFromEnv": "AZURE_CLIENT_SECRET", "passwordFromEnv": "RabbitApiPassword"},
	{"tokenEnv": "GITHUB_TOKEN_2", "PASSWORD_ENV_VAR": "db_password"},
	{"clientSecretFromEnv": "${CLIENT_SECRET}"},
}
