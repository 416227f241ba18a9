// held-out-12: a Secret's name then CLI flags in a test's arguments; code after a string in a bundle.
package set

var args = []string{"test-secret", "--namespace=test-ns"}
var more = []string{"test-secret-1", "--from-literal=key3=val2"}
