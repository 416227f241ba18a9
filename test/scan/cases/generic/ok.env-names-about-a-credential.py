# Names whose last word says the value is about the credential, not the credential.
SECRET_NAME = 'app-db-credentials-v2x9'
TOKEN_TTL = '72h30m15s'
PASSWORD_FILE = '/run/secrets/db_password.txt'
