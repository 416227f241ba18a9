// Properties lines and escaped JSON in string literals that hold no secret.
class Fixtures {
    static final String[] PROPS = { "app.jwt.token-validity-in-seconds=60000", "spring.datasource.password=", "db.password=%s" };
    static final String BODY = "{\"access_token\": \"${TOKEN}\", \"password\": \"changeme\", \"token_type\": \"bearer\"}";
}
