// Go tests build Secrets with byte maps: a random password under a secret-like name, and one keyed
// by its user in a map given to a Secret's Data (Elastic's operator keys passwords so).
package association

func fakeSecrets() []corev1.Secret {
	return []corev1.Secret{{
		ObjectMeta: metav1.ObjectMeta{Name: "apm-user", Namespace: "default"},
		Data:       map[string][]byte{"elastic-internal-apm": []byte("«rnd alnum 32»")},
	}, {
		Data: map[string][]byte{
			"username": []byte("foo1"),
			"password": []byte("«rnd url 23»"),
		},
	}}
}
