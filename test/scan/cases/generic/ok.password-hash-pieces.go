package roles

// A SCRAM-SHA-256 verifier split over a string concatenation: a hash of the password, not the
// password (the password-hash rule's shape, cut at the `+`).
const wantedRolePassword = "SCRAM-SHA-256$4096:+kQN4bmDe9rxXmgI6yMo+w==$" +
	"/sxp1C73WHChAAiLY3ACPBEoK3s7oEZ9x39qH9sI5p4=:" +
	"5WDyF5Nlq+ThXYshJGWFq4e0LUcXUi/JsmzPkKi3bZk="

func hashes() []string {
	adminPassword := "$2b$12$" +
		"BzMBNKe4h3t0Iiu5H8MuFgIKGZN04zjpFtEowrvrbHNiaA9dTaO9G"
	return []string{adminPassword}
}
