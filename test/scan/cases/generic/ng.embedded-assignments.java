// A properties line inside a string literal (a Spring test's properties), and a JSON body escaped in a string.
@SpringBootTest(properties = { "app.security.jwt.base64-secret=«rnd hex 40»«rnd alnum 8»", "app.token-validity=60000" })
class AuthenticationIntegrationTest {
    static final String BODY = "{\"auth_token\": \"«rnd alnum 30»\", \"id\": 32}";
}
