// The same URLs with a random password, escaped as a client library writes it.
package psmdb

var cases = []string{
	"mongodb://app-user:«rnd alnum 12»%40«rnd alnum 8»@cluster-rs0-0.cluster-rs0.database.svc.cluster.local:27017/",
	"mongodb+srv://report-user:«rnd alnum 20»%2F@cluster-rs0.database.svc.cluster.local/?authSource=report",
}
