// held-out-11: demo passwords written URL-escaped in connection-string tests (`p@ss/word`).
package psmdb

var cases = []string{
	"mongodb://app-user:p%40ss%2Fword@cluster-rs0-0.cluster-rs0.database.svc.cluster.local:27017/?authSource=app",
	"mongodb+srv://report-user:report%2Fpass@cluster-rs0.database.svc.cluster.local/?authSource=report",
	"mongodb://backup:backup123456%23@some-name-rs0/admin",
}
